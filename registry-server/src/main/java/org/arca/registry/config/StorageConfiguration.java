package org.arca.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;

/**
 * How the data directory is looked after.
 *
 * @param reserve free bytes the data directory keeps: below it Arca accepts no pushes and no other changes, and
 *     pauses its background jobs, so that the embedded database, which shares the disk, never runs out of room;
 *     {@code 256MB}, {@code 2GB} or a number of bytes
 * @param backend where blobs and uploads are kept: {@code filesystem} (the data directory) or {@code s3} (a bucket,
 *     configured by {@link S3Configuration})
 * @param zeroCopy whether blob downloads are sent from local files without copying through the JVM (sendfile) where the
 *     backend keeps local files; {@code false} streams every download, as from an object store
 */
@ConfigurationProperties("arca.storage")
public record StorageConfiguration(
    @Bindable(defaultValue = "256MB") @ReadableBytes long reserve,
    @Bindable(defaultValue = "true") boolean zeroCopy,
    @Bindable(defaultValue = "filesystem") String backend) {}
