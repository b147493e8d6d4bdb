package org.arca.registry.fixity;

import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.UploadStorage;

/**
 * The replica blob store: a second store behind the same storage port as the primary, written through its uploads
 * and read through its blobs. {@code location} names it in events and reports ({@code replica:/mnt/copy},
 * {@code replica:s3://bucket/prefix}).
 */
public record Replica(String location, BlobStorage blobs, UploadStorage uploads) {}
