package org.arca.core.registry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;

/**
 * Content a feature promises to keep: a manifest cited by a DOI and every blob and child manifest it references.
 * Garbage collection asks before it removes anything, so a pinned blob survives even when no tag or repository link
 * reaches it any more; deletes through the API are refused by the feature's {@link ChangeGuard}.
 */
public interface PinnedContent {

  /** Why {@code digest} (a manifest or a blob) must be kept, naming what pins it, or empty when nothing does. */
  Optional<String> pinReason(Digest digest);

  /** Every pinned digest, for the mark phase of garbage collection. */
  Set<Digest> pinned();

  /**
   * Adds {@code manifest} and everything it keeps alive to {@code into}, each with {@code reason} unless something
   * pinned it first: an index's child manifests, and every config and layer they reference. What the catalog does
   * not hold (a manifest removed meanwhile) is pinned by its digest alone.
   */
  static void pinWithReferences(RegistryCatalog catalog, RepositoryName repository, Digest manifest, String reason,
      Map<Digest, String> into) {
    Deque<Digest> manifests = new ArrayDeque<>();
    manifests.add(manifest);
    Set<Digest> seen = new HashSet<>();
    while (!manifests.isEmpty()) {
      Digest digest = manifests.poll();
      if (!seen.add(digest)) {
        continue;
      }
      into.putIfAbsent(digest, reason);
      Optional<StoredManifest> stored = catalog.manifest(repository, digest);
      if (stored.isEmpty()) {
        continue;
      }
      Manifest parsed = stored.get().parse();
      for (Descriptor child : parsed.references()) {
        if (parsed.isIndex()) {
          manifests.add(child.digest());
        } else {
          into.putIfAbsent(child.digest(), reason);
        }
      }
    }
  }
}
