package org.arca.core.event;

import java.time.Instant;
import org.arca.core.RepositoryName;

/**
 * Something that changed in the registry, published after the change is committed. Features listen to these events
 * to index, convert and record provenance; a listener that fails never undoes the change.
 */
public sealed interface RegistryEvent
    permits ManifestPushed, TagMoved, TagDeleted, ManifestDeleted, ImageFactsChanged {

  RepositoryName repository();

  Instant at();
}
