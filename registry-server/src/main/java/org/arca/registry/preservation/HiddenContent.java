package org.arca.registry.preservation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.doi.DoiRecord;
import org.arca.registry.metadata.ManifestReference;
import org.arca.registry.metadata.ManifestRow;
import org.arca.registry.metadata.MetadataStore;

/**
 * What withdrawn images hide, with the message each refusal gives: the withdrawn manifests, what only they lead to
 * (the platform manifests of a withdrawn index, the artifacts attached to a withdrawn image, such as its SIF), and
 * the blobs that, in their repository, only those manifests reference. A layer another image of the repository
 * shares is not hidden, nor is anything in another repository.
 *
 * @param manifests refused at {@code /v2/<repository>/manifests/<digest>}
 * @param blobs refused at {@code /v2/<repository>/blobs/<digest>}: the hidden blobs and the hidden manifests, which
 *     clients may fetch through the blobs endpoint too
 * @param repositories the repositories where something is hidden
 */
record HiddenContent(Map<Key, String> manifests, Map<Key, String> blobs, Set<RepositoryName> repositories) {
  static final HiddenContent NONE = new HiddenContent(Map.of(), Map.of(), Set.of());

  /** A digest in a repository. */
  record Key(RepositoryName repository, Digest digest) {}

  /** Walks the metadata from each withdrawn image; a handful of queries per withdrawal, none when there are none. */
  static HiddenContent of(Connection c, MetadataStore store, List<DoiRecord> withdrawn) throws SQLException {
    Map<RepositoryName, List<DoiRecord>> byRepository = new LinkedHashMap<>();
    for (DoiRecord record : withdrawn) {
      if (record.digest() != null) {
        byRepository.computeIfAbsent(record.repository(), r -> new ArrayList<>()).add(record);
      }
    }
    Map<Key, String> manifests = new HashMap<>();
    Map<Key, String> blobs = new HashMap<>();
    for (Map.Entry<RepositoryName, List<DoiRecord>> entry : byRepository.entrySet()) {
      OptionalLong id = store.repositoryId(c, entry.getKey());
      if (id.isPresent()) {
        hideInRepository(c, store, entry.getKey(), id.getAsLong(), entry.getValue(), manifests, blobs);
      }
    }
    return manifests.isEmpty() ? NONE : new HiddenContent(Map.copyOf(manifests), Map.copyOf(blobs),
        Set.copyOf(byRepository.keySet()));
  }

  boolean hides(RepositoryName repository) {
    return repositories.contains(repository);
  }

  private static void hideInRepository(Connection c, MetadataStore store, RepositoryName repository,
      long repositoryId, List<DoiRecord> withdrawn, Map<Key, String> manifests, Map<Key, String> blobs)
      throws SQLException {
    // every withdrawn manifest first, so that content shared by two withdrawn images is seen as hidden by both
    Map<Digest, String> hidden = new LinkedHashMap<>();
    for (DoiRecord record : withdrawn) {
      hidden.put(record.digest(), withdrawalMessage(record));
    }
    Set<Digest> roots = Set.copyOf(hidden.keySet());
    Deque<Digest> walk = new ArrayDeque<>(roots);
    Map<Digest, String> candidateBlobs = new LinkedHashMap<>();
    while (!walk.isEmpty()) {
      Digest manifest = walk.poll();
      String why = hidden.get(manifest);
      for (ManifestReference reference : store.references(c, repositoryId, manifest)) {
        if (!reference.childIsManifest()) {
          candidateBlobs.putIfAbsent(reference.child(), why);
        } else if (hideManifest(c, store, repositoryId, reference.child(), hidden, why)) {
          walk.add(reference.child());
        }
      }
      for (ManifestRow referrer : store.referrers(c, repositoryId, manifest, null)) {
        if (hideManifest(c, store, repositoryId, referrer.digest(), hidden, why)) {
          walk.add(referrer.digest());
        }
      }
    }
    for (Map.Entry<Digest, String> manifest : hidden.entrySet()) {
      Key key = new Key(repository, manifest.getKey());
      String message = roots.contains(manifest.getKey()) ? manifest.getValue()
          : "manifest " + manifest.getKey() + " in " + repository + " belongs only to withdrawn content: "
              + manifest.getValue();
      manifests.put(key, message);
      blobs.put(key, message);
    }
    for (Map.Entry<Digest, String> blob : candidateBlobs.entrySet()) {
      if (referencedOnlyBy(hidden, store.referencingManifests(c, repositoryId, blob.getKey()))) {
        blobs.put(new Key(repository, blob.getKey()), "blob " + blob.getKey() + " in " + repository
            + " belongs only to withdrawn content: " + blob.getValue());
      }
    }
  }

  /**
   * Hides a manifest reached from hidden content when nothing else leads to it: no tag, and no manifest that is not
   * hidden references it. Returns whether it was newly hidden.
   */
  private static boolean hideManifest(Connection c, MetadataStore store, long repositoryId, Digest manifest,
      Map<Digest, String> hidden, String why) throws SQLException {
    if (hidden.containsKey(manifest) || !store.tagsOf(c, repositoryId, manifest).isEmpty()
        || !referencedOnlyBy(hidden, store.referencingManifests(c, repositoryId, manifest))) {
      return false;
    }
    hidden.put(manifest, why);
    return true;
  }

  private static boolean referencedOnlyBy(Map<Digest, String> hidden, List<Digest> referencing) {
    return referencing.stream().allMatch(hidden::containsKey);
  }

  /**
   * The message for a withdrawn image: when and why, and where to read about it. A registered DOI still resolves at
   * doi.org to the page that explains; an unregistered one (the {@code local} provider's) resolves nowhere, so the
   * message names the landing page here and says what such a DOI is.
   */
  static String withdrawalMessage(DoiRecord record) {
    String reason = record.withdrawal().reason().strip();
    String sentence = reason.matches("(?s).*[.!?]$") ? reason : reason + "."; // a reason that ends a sentence keeps it
    String where = record.registered()
        ? "Its DOI " + record.doi() + " still resolves to a page that explains this: " + record.doi().url()
        : "Its landing page explains this: " + record.metadata().url() + " (its DOI " + record.doi()
            + " was minted by this archive and is not registered, so it does not resolve at https://doi.org)";
    return record.repository() + "@" + record.digest() + " was withdrawn on "
        + record.withdrawal().at().toString().substring(0, 10) + ": " + sentence + " " + where;
  }
}
