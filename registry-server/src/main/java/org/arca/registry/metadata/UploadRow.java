package org.arca.registry.metadata;

import java.time.Instant;
import org.arca.core.RepositoryName;

/** An upload in progress: which repository it belongs to and how many bytes were accepted so far. */
public record UploadRow(String id, RepositoryName repository, long size, Instant startedAt, Instant updatedAt) {}
