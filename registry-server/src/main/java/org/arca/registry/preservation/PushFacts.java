package org.arca.registry.preservation;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.manifest.ManifestService;

/** Who pushed a manifest, when, and with which client, as the registry recorded it with the push. */
@Singleton
class PushFacts {
  private final ManifestService manifests;

  /** One push: the account, the time and the client's {@code User-Agent} (null when it sent none). */
  record Push(String by, Instant at, String userAgent) {}

  PushFacts(ManifestService manifests) {
    this.manifests = manifests;
  }

  Optional<Push> of(RepositoryName repository, Digest digest) {
    var id = manifests.repositoryId(repository);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return manifests.manifest(repository, id.getAsLong(), digest)
        .map(row -> new Push(row.pushedBy(), row.pushedAt(), row.userAgent()));
  }
}
