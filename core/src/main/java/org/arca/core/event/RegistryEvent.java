package org.arca.core.event;

import java.time.Instant;
import org.arca.core.RepositoryName;

/**
 * Something that changed in the registry, appended to the event log in the transaction of the change itself. Features
 * read the log through a {@link RegistryEventConsumer} to index, convert and record provenance; a consumer that fails
 * never undoes the change, and is given the event again.
 */
public sealed interface RegistryEvent
    permits ManifestPushed, TagMoved, TagDeleted, ManifestDeleted, ImageFactsChanged {

  RepositoryName repository();

  Instant at();
}
