package org.arca.core.event;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/** A tag was removed; the manifest it pointed at ({@code previous}) stays. */
public record TagDeleted(RepositoryName repository, String tag, Digest previous, Instant at)
    implements RegistryEvent {}
