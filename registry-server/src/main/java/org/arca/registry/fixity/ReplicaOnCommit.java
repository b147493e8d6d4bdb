package org.arca.registry.fixity;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;

/**
 * Copies to the replica what must have a copy as soon as the event log says so: an image pushed to a repository the
 * replica's globs name, and an image that was given a DOI ({@code ImageFactsChanged} fact {@code doi}). A copy that
 * fails (the replica unreachable) throws, so the log delivers the event again; a copy already verified is not
 * written twice, so a replay costs a lookup per blob.
 */
@Singleton
@Requires(beans = Replication.class)
class ReplicaOnCommit implements RegistryEventConsumer {
  private final Replication replication;

  ReplicaOnCommit(Replication replication) {
    this.replication = replication;
  }

  @Override
  public String name() {
    return "fixity-replica";
  }

  @Override
  public void accept(RegistryEvent event) throws Exception {
    if (event instanceof ManifestPushed pushed && replication.named(pushed.repository())) {
      copyImage(pushed.repository(), pushed.digest());
    } else if (event instanceof ImageFactsChanged changed && "doi".equals(changed.fact())) {
      copyImage(changed.repository(), changed.digest());
    }
  }

  private void copyImage(RepositoryName repository, Digest manifest) throws Exception {
    for (String blob : replication.blobsOf(repository, manifest)) {
      replication.copy(Digest.parse(blob));
    }
  }
}
