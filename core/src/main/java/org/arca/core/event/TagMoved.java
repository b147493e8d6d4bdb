package org.arca.core.event;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * A tag now points at {@code current}; {@code previous} is what it pointed at before, or null for a new tag.
 */
public record TagMoved(RepositoryName repository, String tag, Digest previous, Digest current, Instant at)
    implements RegistryEvent {}
