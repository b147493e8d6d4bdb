package org.arca.search.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/**
 * An in-memory registry implementing the two ports search reads through, with the operations a test performs
 * (push, tag, delete) returning the events the real server would publish.
 */
public final class FakeRegistry implements RegistryCatalog, BlobStore {
  private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  /** Large blobs stay in their files and are streamed, as a real blob store serves them. */
  private final Map<Digest, java.nio.file.Path> blobFiles = new ConcurrentHashMap<>();
  private final Map<RepositoryName, Repo> repositories = new TreeMap<>();
  private long clock = 1_700_000_000_000L;

  private static final class Repo {
    final Map<Digest, StoredManifest> manifests = new LinkedHashMap<>();
    final Map<String, Digest> tags = new TreeMap<>();
    final Map<Digest, List<Descriptor>> referrers = new LinkedHashMap<>();
  }

  public synchronized Digest putBlob(byte[] bytes) {
    Digest digest = Digest.sha256(bytes);
    blobs.put(digest, bytes);
    return digest;
  }

  /** Adds a blob that stays in {@code file} (an OCI layout's blob, named by its digest). */
  public Digest putBlobFile(Digest digest, java.nio.file.Path file) {
    blobFiles.put(digest, file);
    return digest;
  }

  /** Pushes a manifest (its blobs must be there), optionally under a tag; returns the events of the push. */
  public synchronized List<RegistryEvent> push(RepositoryName repository, String tag, String mediaType, byte[] bytes) {
    Manifest manifest = Manifest.parse(bytes, mediaType);
    for (Descriptor reference : manifest.references()) {
      boolean present = blobs.containsKey(reference.digest()) || blobFiles.containsKey(reference.digest())
          || repo(repository).manifests.containsKey(reference.digest());
      if (!present) {
        throw new IllegalStateException("push " + repository + ": " + reference.digest() + " is not stored");
      }
    }
    Digest digest = Digest.sha256(bytes);
    Instant at = Instant.ofEpochMilli(clock += 1000);
    repo(repository).manifests.put(digest,
        new StoredManifest(repository, digest, manifest.mediaType(), bytes, at, "tester"));
    if (manifest.subject() != null) {
      List<Descriptor> list = repo(repository).referrers.computeIfAbsent(manifest.subject().digest(),
          d -> new ArrayList<>());
      list.removeIf(d -> d.digest().equals(digest));
      list.add(new Descriptor(manifest.mediaType(), digest, bytes.length, manifest.referrerArtifactType(),
          manifest.annotations(), null, null));
    }
    List<RegistryEvent> events = new ArrayList<>();
    events.add(new ManifestPushed(repository, digest, manifest.mediaType(), tag, manifest.referrerArtifactType(),
        manifest.subject() == null ? null : manifest.subject().digest(), "tester", "test", at));
    if (tag != null) {
      events.addAll(tag(repository, tag, digest));
    }
    return events;
  }

  public synchronized List<RegistryEvent> tag(RepositoryName repository, String tag, Digest digest) {
    Digest previous = repo(repository).tags.put(tag, digest);
    if (digest.equals(previous)) {
      return List.of();
    }
    return List.of(new TagMoved(repository, tag, previous, digest, Instant.ofEpochMilli(clock += 1000)));
  }

  public synchronized List<RegistryEvent> deleteTag(RepositoryName repository, String tag) {
    Digest previous = repo(repository).tags.remove(tag);
    return previous == null ? List.of()
        : List.of(new TagDeleted(repository, tag, previous, Instant.ofEpochMilli(clock += 1000)));
  }

  public synchronized List<RegistryEvent> deleteManifest(RepositoryName repository, Digest digest) {
    Repo repo = repo(repository);
    repo.manifests.remove(digest);
    repo.referrers.values().forEach(list -> list.removeIf(d -> d.digest().equals(digest)));
    List<String> removed = new ArrayList<>();
    repo.tags.entrySet().removeIf(e -> {
      if (e.getValue().equals(digest)) {
        removed.add(e.getKey());
        return true;
      }
      return false;
    });
    return List.of(new ManifestDeleted(repository, digest, removed, Instant.ofEpochMilli(clock += 1000)));
  }

  private Repo repo(RepositoryName repository) {
    return repositories.computeIfAbsent(repository, r -> new Repo());
  }

  @Override
  public synchronized List<RepositoryName> repositories(String last, int limit) {
    return repositories.keySet().stream().filter(r -> last == null || r.value().compareTo(last) > 0).limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean exists(RepositoryName repository) {
    return repositories.containsKey(repository);
  }

  @Override
  public synchronized List<String> tags(RepositoryName repository, String last, int limit) {
    Repo repo = repositories.get(repository);
    if (repo == null) {
      return List.of();
    }
    return repo.tags.keySet().stream().filter(t -> last == null || t.compareTo(last) > 0).limit(limit).toList();
  }

  @Override
  public synchronized Optional<StoredManifest> manifest(RepositoryName repository, Reference reference) {
    Repo repo = repositories.get(repository);
    if (repo == null) {
      return Optional.empty();
    }
    Digest digest = reference instanceof Tag tag ? repo.tags.get(tag.value()) : (Digest) reference;
    return digest == null ? Optional.empty() : Optional.ofNullable(repo.manifests.get(digest));
  }

  @Override
  public synchronized List<Digest> manifestDigests(RepositoryName repository) {
    Repo repo = repositories.get(repository);
    return repo == null ? List.of() : List.copyOf(repo.manifests.keySet());
  }

  @Override
  public synchronized List<String> tagsOf(RepositoryName repository, Digest digest) {
    Repo repo = repositories.get(repository);
    if (repo == null) {
      return List.of();
    }
    return repo.tags.entrySet().stream().filter(e -> e.getValue().equals(digest)).map(Map.Entry::getKey).toList();
  }

  @Override
  public synchronized List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType) {
    Repo repo = repositories.get(repository);
    if (repo == null) {
      return List.of();
    }
    List<Descriptor> found = new ArrayList<>();
    for (Descriptor d : repo.referrers.getOrDefault(subject, List.of())) {
      if (artifactType == null || artifactType.equals(d.artifactType())) {
        found.add(d);
      }
    }
    return found;
  }

  @Override
  public synchronized boolean containsBlob(RepositoryName repository, Digest digest) {
    return blobs.containsKey(digest);
  }

  @Override
  public OptionalLong size(Digest digest) throws IOException {
    java.nio.file.Path file = blobFiles.get(digest);
    if (file != null) {
      return OptionalLong.of(java.nio.file.Files.size(file));
    }
    byte[] bytes = blobs.get(digest);
    return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes.length);
  }

  @Override
  public InputStream open(Digest digest, long offset) throws IOException {
    java.nio.file.Path file = blobFiles.get(digest);
    if (file != null) {
      InputStream in = java.nio.file.Files.newInputStream(file);
      in.skipNBytes(offset);
      return in;
    }
    byte[] bytes = blobs.get(digest);
    if (bytes == null) {
      throw new NoSuchFileException(digest.toString());
    }
    return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
  }
}
