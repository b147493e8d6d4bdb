package org.arca.core.event;

import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/** A manifest was deleted from a repository, together with the tags that pointed at it. */
public record ManifestDeleted(RepositoryName repository, Digest digest, List<String> removedTags, Instant at)
    implements RegistryEvent {

  public ManifestDeleted {
    removedTags = List.copyOf(removedTags);
  }
}
