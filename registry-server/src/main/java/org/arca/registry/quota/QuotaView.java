package org.arca.registry.quota;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A namespace's quota and usage.
 *
 * @param usedBytes physical bytes of the distinct blobs its manifests reference (layers, configs, SIFs and other
 *     artifacts), each counted once however many of its images share it
 * @param sharedBytes of those, the bytes that manifests in other namespaces reference too
 * @param uniqueBytes the rest: what deleting the namespace's images would free
 * @param state {@code none} (no quota), {@code ok}, {@code warning} (at or over the warning threshold) or
 *     {@code full} (at or over the reject threshold: pushes that add bytes are refused)
 */
@Serdeable
public record QuotaView(String namespace, @Nullable Long warningBytes, @Nullable Long rejectBytes, long usedBytes,
    long uniqueBytes, long sharedBytes, String state) {}
