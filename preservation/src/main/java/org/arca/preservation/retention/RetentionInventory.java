package org.arca.preservation.retention;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * What planning needs to know about the registry, read-only: the repositories, and per repository its tags and
 * manifests with the times they were pushed and pulled and what they reference. The registry implements it.
 */
public interface RetentionInventory {

  /** Every repository name. */
  List<RepositoryName> repositories();

  /** The tags and manifests of one repository. */
  Contents contents(RepositoryName repository);

  /** A repository's tags and manifests. */
  record Contents(RepositoryName repository, List<TagFacts> tags, List<ManifestFacts> manifests) {}

  /** A tag: where it points, when it was last set (pushed), when last pulled (null: never). */
  record TagFacts(String tag, Digest digest, Instant pushedAt, Instant lastPulledAt) {}

  /**
   * A manifest: its size, when pushed and last pulled by digest (null: never), the child manifests it lists (an
   * index), its subject (a referrer), the blobs it references with their sizes, and when its
   * {@code org.arca.expires-after} label or annotation makes it expire (null: never).
   */
  record ManifestFacts(Digest digest, String mediaType, long size, Instant pushedAt, Instant lastPulledAt,
      List<Digest> children, Digest subject, Map<Digest, Long> blobs, Instant expiresAt) {}
}
