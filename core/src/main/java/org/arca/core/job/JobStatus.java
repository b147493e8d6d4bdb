package org.arca.core.job;

import java.time.Instant;

/**
 * A background job as the queue holds it.
 *
 * @param key what the job is about, unique per kind (e.g. {@code biocontainers/samtools@sha256:...})
 * @param error why the last attempt failed, or null
 * @param result what the job produced (e.g. a digest), or null
 */
public record JobStatus(
    long id,
    String kind,
    String key,
    JobState state,
    int attempts,
    Instant createdAt,
    Instant updatedAt,
    Instant nextRunAt,
    String error,
    String result) {}
