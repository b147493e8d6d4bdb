package org.arca.registry.metadata;

import java.time.Instant;
import org.arca.core.Digest;

/**
 * A manifest row. {@code content} is null when a query left it out (referrer listings need only the descriptor).
 *
 * @param annotations the manifest's annotations as a JSON object, or null when it has none
 */
public record ManifestRow(
    long repositoryId,
    Digest digest,
    String mediaType,
    String artifactType,
    Digest subject,
    long size,
    byte[] content,
    String annotations,
    Instant pushedAt,
    String pushedBy,
    String userAgent) {}
