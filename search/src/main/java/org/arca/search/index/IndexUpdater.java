package org.arca.search.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.TermQuery;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.search.image.ImageContent;
import org.arca.search.image.ImageFlags;
import org.arca.search.image.ImageKey;
import org.arca.search.image.ImageRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index in line with the registry, one image or one repository at a time. Every operation asks the
 * registry what is true now rather than trusting the event that caused it, so events may arrive late, twice or
 * coalesced and the result is the same as indexing from scratch.
 */
final class IndexUpdater {
  private static final Logger LOG = LoggerFactory.getLogger(IndexUpdater.class);

  private final SearchIndex index;
  private final RegistryCatalog catalog;
  private final ImageReader reader;
  private final List<IndexEnricher> enrichers;

  IndexUpdater(SearchIndex index, RegistryCatalog catalog, ImageReader reader, List<IndexEnricher> enrichers) {
    this.index = index;
    this.catalog = catalog;
    this.reader = reader;
    this.enrichers = List.copyOf(enrichers);
  }

  /** Reconciles one image's document with the registry. */
  void update(ImageKey key, Depth depth) throws IOException {
    Optional<StoredManifest> stored = reader.manifest(key.repository(), key.digest());
    if (stored.isEmpty()) {
      removed(key);
      return;
    }
    Manifest manifest = stored.get().parse();
    switch (ImageReader.role(manifest)) {
      case REFERRER -> {
        // an attachment changes its subject's document, or that of the index the subject belongs to
        ImageKey subject = new ImageKey(key.repository(), manifest.subject().digest());
        update(parentOrSelf(subject), Depth.REFERENCES);
      }
      case OTHER -> index.delete(key);
      case IMAGE -> {
        Optional<ImageKey> parent = parentIndex(key);
        if (parent.isPresent()) {
          index.delete(key); // a platform image is found through its index
        } else {
          write(key, stored.get(), depth);
        }
      }
      case INDEX -> {
        for (Descriptor child : ImageReader.platformManifests(manifest)) {
          index.delete(new ImageKey(key.repository(), child.digest()));
        }
        write(key, stored.get(), depth);
      }
    }
  }

  /** Writes the document of an image or index, reading its content again only when asked or when none is stored. */
  private void write(ImageKey key, StoredManifest stored, Depth depth) throws IOException {
    ImageContent content = null;
    if (depth == Depth.REFERENCES) {
      content = index.stored(key).map(StoredImage::content).orElse(null);
    }
    if (content == null) {
      content = reader.content(key.repository(), stored);
    }
    List<Digest> subjects = new ArrayList<>();
    subjects.add(key.digest());
    content.children().forEach(child -> subjects.add(Digest.parse(child)));
    ImageReader.Referrers referrers = reader.referrers(key.repository(), subjects);
    ImageFlags flags = new ImageFlags(null, referrers.hasSif(), false);
    for (IndexEnricher enricher : enrichers) {
      try {
        flags = flags.merge(enricher.flags(key));
      } catch (RuntimeException e) {
        LOG.warn("index enricher {} failed for {}: {}", enricher.getClass().getName(), key, e.getMessage());
      }
    }
    index.put(new ImageRecord(key, tags(key), stored.pushedAt(), content, referrers.recipes(), referrers.digests(),
        flags));
  }

  private List<String> tags(ImageKey key) {
    return catalog.tagsOf(key.repository(), key.digest());
  }

  /** The manifest is gone: drop its document, and update what it was attached to or grouped. */
  private void removed(ImageKey key) throws IOException {
    Optional<StoredImage> old = index.stored(key);
    List<String> attachedTo = index.ids(new TermQuery(new Term(SearchFields.REFERRER, key.digest().toString())), 100);
    index.delete(key);
    for (String id : attachedTo) {
      ImageKey subject = keyOf(id);
      if (subject.repository().equals(key.repository())) {
        update(subject, Depth.REFERENCES);
      }
    }
    if (old.isPresent()) {
      // platform images of a deleted index that are still stored are images on their own again
      for (String child : old.get().content().children()) {
        ImageKey childKey = new ImageKey(key.repository(), Digest.parse(child));
        if (reader.manifest(childKey.repository(), childKey.digest()).isPresent()) {
          update(childKey, Depth.CONTENT);
        }
      }
    }
  }

  private ImageKey parentOrSelf(ImageKey key) throws IOException {
    return parentIndex(key).orElse(key);
  }

  private Optional<ImageKey> parentIndex(ImageKey key) throws IOException {
    BooleanQuery query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(SearchFields.CHILD, key.digest().toString())), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(SearchFields.REPOSITORY, key.repository().value())), BooleanClause.Occur.FILTER)
        .build();
    List<String> ids = index.ids(query, 1);
    return ids.isEmpty() ? Optional.empty() : Optional.of(keyOf(ids.get(0)));
  }

  /**
   * Reconciles a whole repository: every image and index in it is written again, platform images and artifacts are
   * not, and documents of manifests no longer there are deleted.
   */
  int updateRepository(RepositoryName repository) throws IOException {
    List<Digest> digests;
    try {
      digests = catalog.manifestDigests(repository);
    } catch (RegistryException e) {
      digests = List.of();
    }
    List<StoredManifest> images = new ArrayList<>();
    Set<Digest> children = new HashSet<>();
    for (Digest digest : digests) {
      Optional<StoredManifest> stored = reader.manifest(repository, digest);
      if (stored.isEmpty()) {
        continue;
      }
      Manifest manifest;
      try {
        manifest = stored.get().parse();
      } catch (RegistryException e) {
        LOG.warn("manifest {} in {} is unreadable: {}", digest, repository, e.getMessage());
        continue;
      }
      ImageReader.Role role = ImageReader.role(manifest);
      if (role == ImageReader.Role.INDEX) {
        ImageReader.platformManifests(manifest).forEach(child -> children.add(child.digest()));
      }
      if (role == ImageReader.Role.IMAGE || role == ImageReader.Role.INDEX) {
        images.add(stored.get());
      }
    }
    Set<String> kept = new HashSet<>();
    int written = 0;
    for (StoredManifest image : images) {
      if (children.contains(image.digest())) {
        continue;
      }
      ImageKey key = new ImageKey(repository, image.digest());
      try {
        write(key, image, Depth.CONTENT);
        kept.add(key.id());
        written++;
      } catch (IOException | RuntimeException e) {
        kept.add(key.id()); // keep what the index had rather than lose the image from search
        LOG.warn("image {} could not be indexed: {}", key, e.toString());
      }
    }
    index.deleteOthers(repository, kept);
    return written;
  }

  static ImageKey keyOf(String id) {
    int at = id.lastIndexOf('@');
    return new ImageKey(RepositoryName.parse(id.substring(0, at)), Digest.parse(id.substring(at + 1)));
  }
}
