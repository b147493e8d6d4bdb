package org.arca.registry.manifest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.registry.ChangeGuard;
import org.arca.core.registry.WithdrawnContent;
import org.arca.registry.config.RegistryConfiguration;
import org.arca.registry.event.RegistryEvents;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.ManifestReference;
import org.arca.registry.metadata.ManifestRow;
import org.arca.registry.metadata.MetadataStore;

/**
 * Manifests and tags: push with reference checks, pull with content negotiation, delete, listings and referrers.
 *
 * <p>Manifests are served from memory when they were served recently: a manifest's bytes never change for its
 * digest, so that cache is only ever cleared by a delete; a tag's target is cached briefly and cleared by this
 * instance's own writes.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-manifests">pushing manifests</a>
 */
@Singleton
public class ManifestService {
  private final Database database;
  private final MetadataStore store;
  private final RegistryEvents events;
  private final List<ChangeGuard> guards;
  private final List<WithdrawnContent> withdrawn;
  private final RegistryConfiguration config;
  private final Clock clock;
  private final Cache<String, ManifestRow> manifests;
  private final Cache<String, Digest> tags;
  /** Pages of tag listings, cleared whenever this instance changes a tag, and short-lived like tag targets. */
  private final Cache<String, TagPage> tagPages;

  public ManifestService(Database database, MetadataStore store, RegistryEvents events, List<ChangeGuard> guards,
      List<WithdrawnContent> withdrawn, RegistryConfiguration config, Clock clock) {
    this.database = database;
    this.store = store;
    this.events = events;
    this.guards = List.copyOf(guards);
    this.withdrawn = List.copyOf(withdrawn);
    this.config = config;
    this.clock = clock;
    this.manifests = Caffeine.newBuilder()
        .maximumWeight(Math.max(1, config.manifestCacheBytes()))
        .<String, ManifestRow>weigher((key, row) -> row.content().length + 200)
        .build();
    this.tags = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(config.tagCacheTtl())
        .build();
    this.tagPages = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(config.tagCacheTtl())
        .build();
  }

  /**
   * Stores a manifest under a tag or its digest, after checking that it parses, matches a digest reference, and
   * references only content the repository holds.
   */
  public PutResult put(RepositoryName repository, Reference reference, byte[] content, String contentType,
      String pusher, String userAgent) {
    String algorithm = reference instanceof Digest d ? d.algorithm() : "sha256";
    Digest digest = Digest.of(Digest.newMessageDigest(algorithm).digest(content), algorithm);
    if (reference instanceof Digest expected && !expected.equals(digest)) {
      throw new RegistryException(OciError.DIGEST_INVALID,
          "put manifest " + expected + " to " + repository + ": the body hashes to " + digest);
    }
    Manifest manifest = Manifest.parsePushed(content, contentType);
    Instant now = clock.instant();
    // a namespace's quota is asked before the write, as the quota's own reads do not join it
    guards.forEach(g -> g.beforeManifestPut(repository, digest, manifest));
    String tag = reference instanceof Tag t ? t.value() : null;
    List<ManifestReference> references = manifest.references().stream()
        .map(d -> new ManifestReference(d.digest(), manifest.isIndex()))
        .toList();
    // One transaction from the reference check to the event rows: a blob delete or tag move cannot slip in between,
    // and the features learn of every push that was answered 201, even if the process dies right after.
    ManifestRow row = database.write(c -> {
      long repositoryId = store.ensureRepository(c, repository, now);
      Digest subject = manifest.subject() == null ? null : manifest.subject().digest();
      if (Actors.derivesContent(pusher) && subject != null && !store.lockManifest(c, repositoryId, subject)) {
        // a conversion that finished after its image was deleted: keep nothing derived from a deleted image
        throw new RegistryException(OciError.MANIFEST_UNKNOWN, "store " + digest + " in " + repository
            + ": the manifest " + subject + " it was derived from has been deleted");
      }
      checkReferences(c, repository, repositoryId, manifest);
      Optional<Digest> current = tag == null ? Optional.empty() : store.tagTargetForUpdate(c, repositoryId, tag);
      boolean moves = tag != null && (current.isEmpty() || !current.get().equals(digest));
      if (moves) {
        guards.forEach(g -> g.beforeTagMove(repository, tag, current.orElse(null), digest));
      }
      ManifestRow written = new ManifestRow(repositoryId, digest, manifest.mediaType(),
          manifest.referrerArtifactType(), manifest.subject() == null ? null : manifest.subject().digest(),
          content.length, content, annotationsJson(manifest.annotations()), now, pusher, userAgent);
      // locked, so that a concurrent delete of this manifest waits for the tag that now points at it
      boolean created = store.manifestSizesForUpdate(c, repositoryId, List.of(digest)).isEmpty()
          && store.insertManifest(c, written, references);
      if (tag != null) {
        store.setTag(c, repositoryId, tag, digest, now);
      }
      List<RegistryEvent> happened = new ArrayList<>(2);
      if (created) {
        happened.add(new ManifestPushed(repository, digest, manifest.mediaType(), tag,
            manifest.referrerArtifactType(), written.subject(), pusher, userAgent, now));
      }
      if (moves) {
        happened.add(new TagMoved(repository, tag, current.orElse(null), digest, now));
      }
      events.append(c, happened);
      return written;
    });
    events.committed();
    if (tag != null) {
      tags.invalidate(tagKey(repository, tag));
      tagPages.invalidateAll();
    }
    return new PutResult(digest, row.subject());
  }

  /** The manifest a tag or digest names, negotiated against what the client accepts. */
  public ServedManifest get(RepositoryName repository, Reference reference, AcceptedTypes accepted) {
    long repositoryId = repositoryId(repository).orElseThrow(() -> unknownManifest(repository, reference));
    Digest digest = resolve(repository, repositoryId, reference)
        .orElseThrow(() -> unknownManifest(repository, reference));
    ManifestRow row = manifest(repository, repositoryId, digest)
        .orElseThrow(() -> unknownManifest(repository, reference));
    refuseIfWithdrawn(repository, digest);
    if (accepted.accepts(row.mediaType())) {
      return new ServedManifest(row.digest(), row.mediaType(), row.content());
    }
    if (MediaTypes.isIndex(row.mediaType()) && reference instanceof Tag) {
      // As distribution does for clients that cannot read an index: the default platform's image instead.
      Optional<ServedManifest> child = platformImage(repository, repositoryId, row, accepted);
      if (child.isPresent()) {
        return child.get();
      }
    }
    throw new RegistryException(OciError.MANIFEST_UNKNOWN,
        "manifest " + reference + " in " + repository + " is " + row.mediaType()
            + ", which the request's Accept header does not include");
  }

  /**
   * Answers 410 Gone, with the feature's message, for a manifest a curator withdrew; the content stays stored (and
   * readable through the catalog port, for archival export).
   */
  public void refuseIfWithdrawn(RepositoryName repository, Digest digest) {
    withdrawal(repository, digest).ifPresent(message -> {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, message).withStatus(410);
    });
  }

  /** Why {@code digest} in {@code repository} is withdrawn, if a feature withdrew it. */
  private Optional<String> withdrawal(RepositoryName repository, Digest digest) {
    return withdrawn.stream().map(feature -> feature.withdrawal(repository, digest))
        .flatMap(Optional::stream).findFirst();
  }

  /**
   * Deletes a tag (the manifest stays), or a manifest with all its tags and with what Arca derived from it (its SIFs
   * and their statements, each asked of the guards first, and the layer blobs only they used).
   */
  public void delete(RepositoryName repository, Reference reference) {
    long repositoryId = repositoryId(repository).orElseThrow(() -> unknownManifest(repository, reference));
    Instant now = clock.instant();
    if (reference instanceof Tag tag) {
      database.write(c -> {
        Digest current = store.tagTargetForUpdate(c, repositoryId, tag.value())
            .orElseThrow(() -> unknownManifest(repository, reference));
        guards.forEach(g -> g.beforeTagDelete(repository, tag.value(), current));
        store.deleteTag(c, repositoryId, tag.value());
        events.append(c, List.of(new TagDeleted(repository, tag.value(), current, now)));
        return null;
      });
      events.committed();
      tags.invalidate(tagKey(repository, tag.value()));
      tagPages.invalidateAll();
      return;
    }
    Digest digest = (Digest) reference;
    Map<Digest, List<String>> removed = database.write(c -> {
      // Locked first, so that an index being pushed that lists it, or a conversion storing a SIF of it, either
      // committed before (and is found below) or waits and then finds it gone.
      if (store.manifestSizesForUpdate(c, repositoryId, List.of(digest)).isEmpty()) {
        throw unknownManifest(repository, reference);
      }
      guards.forEach(g -> g.beforeManifestDelete(repository, digest));
      List<Digest> derivedManifests = derivedFrom(c, repositoryId, digest);
      for (Digest derived : derivedManifests) {
        guards.forEach(g -> g.beforeManifestDelete(repository, derived)); // a DOI may pin a SIF
      }
      List<Digest> parents = store.referencingManifests(c, repositoryId, digest);
      if (!parents.isEmpty()) {
        throw new RegistryException(OciError.DENIED, "delete manifest " + digest + " from " + repository
            + ": the index " + parents.get(0) + (parents.size() > 1 ? " and " + (parents.size() - 1) + " more" : "")
            + " still lists it; delete the index first");
      }
      Map<Digest, List<String>> deleted = new LinkedHashMap<>();
      List<Digest> derivedLayers = new ArrayList<>();
      for (Digest derived : derivedManifests) {
        Optional<ManifestRow> row = store.manifest(c, repositoryId, derived);
        row.ifPresent(r -> Manifest.parse(r.content(), r.mediaType()).layers()
            .forEach(layer -> derivedLayers.add(layer.digest())));
        store.deleteManifest(c, repositoryId, derived).ifPresent(t -> deleted.put(derived, t));
      }
      deleted.put(digest, store.deleteManifest(c, repositoryId, digest)
          .orElseThrow(() -> unknownManifest(repository, reference)));
      // The SIF files and statements Arca linked go with them, unless another manifest uses the same bytes; a
      // config (the empty JSON a client may have pushed too) stays linked, as a client's blobs stay after its delete.
      for (Digest layer : derivedLayers) {
        if (store.referencingManifests(c, repositoryId, layer).isEmpty()) {
          store.unlinkBlob(c, repositoryId, layer);
        }
      }
      List<RegistryEvent> happened = new ArrayList<>();
      deleted.forEach((d, removedTags) -> happened.add(new ManifestDeleted(repository, d, removedTags, now)));
      events.append(c, happened);
      return deleted;
    });
    events.committed();
    removed.forEach((deleted, removedTags) -> {
      manifests.invalidate(manifestKey(repository, deleted));
      removedTags.forEach(t -> tags.invalidate(tagKey(repository, t)));
    });
    tagPages.invalidateAll();
  }

  /**
   * What Arca derived from {@code subject}, directly or from something derived from it (a SIF's derivation
   * statement), deepest first so that each is deleted before its own subject.
   */
  private List<Digest> derivedFrom(Connection c, long repositoryId, Digest subject) throws SQLException {
    List<Digest> found = new ArrayList<>();
    Deque<Digest> pending = new ArrayDeque<>(List.of(subject));
    while (!pending.isEmpty()) {
      for (ManifestRow referrer : store.referrers(c, repositoryId, pending.pop(), null)) {
        if (Actors.derivesContent(referrer.pushedBy()) && !found.contains(referrer.digest())) {
          found.add(referrer.digest());
          pending.push(referrer.digest());
        }
      }
    }
    Collections.reverse(found);
    return found;
  }

  /** One page of the repository's tags in case-insensitive lexical order. */
  public TagPage tags(RepositoryName repository, Integer n, String last) {
    String key = tagPageKey(repository, n, last);
    TagPage cached = tagPages.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    long repositoryId = repositoryId(repository).orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN,
        "list tags of " + repository + ": no such repository"));
    int limit = pageSize(n);
    if (limit == 0) {
      return new TagPage(List.of(), null);
    }
    TagPage page = page(database.read(c -> store.tags(c, repositoryId, last, limit + 1)), limit);
    tagPages.put(key, page);
    return page;
  }

  /**
   * One page of the repository names {@code visible} accepts, for {@code /v2/_catalog}. Names are read in batches
   * until the page is full, so that hidden repositories neither shorten pages nor show in them.
   */
  public TagPage repositories(Integer n, String last, java.util.function.Predicate<String> visible) {
    int limit = pageSize(n);
    if (limit == 0) {
      return new TagPage(List.of(), null);
    }
    List<String> page = new ArrayList<>(limit + 1);
    String after = last;
    while (page.size() <= limit) {
      String from = after;
      List<String> batch = database.read(c -> store.repositoryNames(c, from, limit + 1));
      batch.stream().filter(visible).limit(limit + 1L - page.size()).forEach(page::add);
      if (batch.size() < limit + 1) {
        break;
      }
      after = batch.get(batch.size() - 1);
    }
    return page(page, limit);
  }

  /**
   * The referrers response of {@code /v2/<repository>/referrers/<subject>}: an image index of the manifests whose
   * subject is {@code subject} that clients pushed. What Arca derived is listed under {@code sif/<repository>}.
   *
   * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#listing-referrers">listing referrers</a>
   */
  public byte[] referrers(RepositoryName repository, Digest subject, String artifactType) {
    return referrers(repository, subject, artifactType, row -> !Actors.derivesContent(row.pushedBy()));
  }

  /** An image index of the manifests whose subject is {@code subject} and that {@code listed} accepts. */
  public byte[] referrers(RepositoryName repository, Digest subject, String artifactType,
      Predicate<ManifestRow> listed) {
    List<ManifestRow> rows = repositoryId(repository)
        .stream()
        .mapToObj(id -> database.read(c -> store.referrers(c, id, subject, artifactType)))
        .findFirst()
        .orElse(List.of())
        .stream()
        .filter(listed)
        .toList();
    ObjectNode index = OciJson.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = index.putArray("manifests");
    for (ManifestRow row : rows) {
      if (withdrawal(repository, row.digest()).isPresent()) {
        continue; // hidden with the image it is attached to, so not advertised either
      }
      Descriptor descriptor = new Descriptor(row.mediaType(), row.digest(), row.size(), row.artifactType(),
          annotations(row.annotations()), null, null);
      list.add(OciJson.write(descriptor));
    }
    return OciJson.bytes(index);
  }

  /** The repository's id, or empty when nothing was ever pushed to it. */
  public OptionalLong repositoryId(RepositoryName repository) {
    OptionalLong cached = store.cachedRepositoryId(repository);
    return cached.isPresent() ? cached : database.read(c -> store.repositoryId(c, repository));
  }

  /**
   * The answer to a GET from memory alone, for the event loop; empty when answering needs the database (or content
   * negotiation beyond the stored type), and the caller then takes the full path.
   */
  public Optional<ServedManifest> getCached(RepositoryName repository, Reference reference, AcceptedTypes accepted) {
    if (store.cachedRepositoryId(repository).isEmpty()) {
      return Optional.empty();
    }
    Digest digest = reference instanceof Digest d ? d : tags.getIfPresent(tagKey(repository, reference.toString()));
    if (digest == null) {
      return Optional.empty();
    }
    ManifestRow row = manifests.getIfPresent(manifestKey(repository, digest));
    if (row == null || !accepted.accepts(row.mediaType())) {
      return Optional.empty();
    }
    refuseIfWithdrawn(repository, row.digest());
    return Optional.of(new ServedManifest(row.digest(), row.mediaType(), row.content()));
  }

  /** A page of tags from memory alone, or empty when it must be read from the database. */
  public Optional<TagPage> tagsCached(RepositoryName repository, Integer n, String last) {
    return Optional.ofNullable(tagPages.getIfPresent(tagPageKey(repository, n, last)));
  }

  /** The digest a tag or digest reference names in the repository, if it exists there. */
  public Optional<Digest> resolve(RepositoryName repository, long repositoryId, Reference reference) {
    if (reference instanceof Digest digest) {
      return Optional.of(digest);
    }
    String tag = ((Tag) reference).value();
    String key = tagKey(repository, tag);
    Digest cached = tags.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Digest> target = database.read(c -> store.tagTarget(c, repositoryId, tag));
    target.ifPresent(d -> tags.put(key, d));
    return target;
  }

  /** A manifest of the repository by digest, with its bytes. */
  public Optional<ManifestRow> manifest(RepositoryName repository, long repositoryId, Digest digest) {
    String key = manifestKey(repository, digest);
    ManifestRow cached = manifests.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<ManifestRow> row = database.read(c -> store.manifest(c, repositoryId, digest));
    if (config.manifestCacheBytes() > 0) {
      row.ifPresent(r -> manifests.put(key, r));
    }
    return row;
  }

  // ---- internals

  /**
   * Every descriptor must name content the repository holds, with the size it has there: a client that pulls checks
   * the size it was promised against the bytes it gets, so a wrong size makes the image unpullable.
   */
  private void checkReferences(Connection c, RepositoryName repository, long repositoryId, Manifest manifest)
      throws SQLException {
    Map<String, Descriptor> required = new LinkedHashMap<>(manifest.referencesByField());
    required.values().removeIf(d -> MediaTypes.isNonDistributable(d.mediaType()));
    if (required.isEmpty()) {
      return;
    }
    List<Digest> digests = required.values().stream().map(Descriptor::digest).toList();
    // Locked until the push commits: a blob delete or manifest delete of the same content waits, then sees the
    // manifest that references it and refuses.
    Map<Digest, Long> stored = manifest.isIndex()
        ? store.manifestSizesForUpdate(c, repositoryId, digests)
        : store.linkedBlobSizesForUpdate(c, repositoryId, digests);
    List<String> missing = digests.stream()
        .filter(d -> !stored.containsKey(d))
        .map(Digest::toString)
        .distinct()
        .toList();
    String what = manifest.isIndex() ? "manifest" : "blob";
    if (!missing.isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_BLOB_UNKNOWN, "put manifest to " + repository + ": " + what
          + "s not in the repository: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
          + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "") + "; push them first")
          .withDetail(Map.of("missing", missing));
    }
    for (Map.Entry<String, Descriptor> entry : required.entrySet()) {
      Descriptor descriptor = entry.getValue();
      long size = stored.get(descriptor.digest());
      if (descriptor.size() != size) {
        throw new RegistryException(OciError.MANIFEST_INVALID, "put manifest to " + repository + ": descriptor "
            + entry.getKey() + " gives size " + descriptor.size() + " for " + descriptor.digest() + ", but the "
            + what + " in the repository has " + size + " bytes")
            .withDetail(Map.of("descriptor", entry.getKey(), "digest", descriptor.digest().toString(),
                "size", descriptor.size(), "stored", size));
      }
    }
  }

  private Optional<ServedManifest> platformImage(RepositoryName repository, long repositoryId, ManifestRow index,
      AcceptedTypes accepted) {
    Manifest parsed = Manifest.parse(index.content(), index.mediaType());
    Descriptor chosen = null;
    for (Descriptor child : parsed.manifests()) {
      if (!accepted.accepts(child.mediaType())) {
        continue;
      }
      boolean linuxAmd64 = child.platform() != null && "linux".equals(child.platform().os())
          && "amd64".equals(child.platform().architecture());
      if (linuxAmd64) {
        chosen = child;
        break;
      }
      if (chosen == null) {
        chosen = child;
      }
    }
    if (chosen == null) {
      return Optional.empty();
    }
    refuseIfWithdrawn(repository, chosen.digest());
    return manifest(repository, repositoryId, chosen.digest())
        .map(row -> new ServedManifest(row.digest(), row.mediaType(), row.content()));
  }

  private int pageSize(Integer n) {
    if (n == null) {
      return config.maxPageSize();
    }
    if (n < 0) {
      throw new RegistryException(OciError.UNSUPPORTED, "invalid page size n=" + n + ": must not be negative")
          .withStatus(400);
    }
    return Math.min(n, config.maxPageSize());
  }

  private static TagPage page(List<String> fetched, int limit) {
    if (fetched.size() > limit) {
      List<String> items = fetched.subList(0, limit);
      return new TagPage(List.copyOf(items), items.get(items.size() - 1));
    }
    return new TagPage(fetched, null);
  }

  private static RegistryException unknownManifest(RepositoryName repository, Reference reference) {
    return new RegistryException(OciError.MANIFEST_UNKNOWN,
        "manifest " + reference + " is not in " + repository);
  }

  private static String manifestKey(RepositoryName repository, Digest digest) {
    return repository.value() + '@' + digest;
  }

  private static String tagPageKey(RepositoryName repository, Integer n, String last) {
    return repository.value() + '|' + n + '|' + last;
  }

  private static String tagKey(RepositoryName repository, String tag) {
    return repository.value() + ':' + tag;
  }

  private static String annotationsJson(Map<String, String> annotations) {
    if (annotations.isEmpty()) {
      return null;
    }
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    annotations.forEach(node::put);
    return new String(OciJson.bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Map<String, String> annotations(String json) {
    if (json == null) {
      return Map.of();
    }
    ObjectNode node = OciJson.readObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        OciError.MANIFEST_INVALID, "stored annotations");
    Map<String, String> values = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }
}
