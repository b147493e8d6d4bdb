package org.arca.registry.fixity;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A second blob store that keeps copies of what must survive a damaged disk: every blob of an image with a DOI, and
 * of every repository {@code repositories} names. Unset {@code backend} (the default) keeps no replica.
 *
 * @param backend {@code filesystem} (a directory, {@code path}) or {@code s3} (a bucket)
 * @param path the replica's directory, for {@code filesystem}; best on another disk than the data directory
 * @param repositories repository globs ({@code lab/**}, {@code library/*}) whose blobs are copied too
 * @param bags directories holding export bags (each a bag, or a directory of bags) that repair may restore from,
 *     besides the bags of {@code <data-dir>/exports}
 * @param bucket the bucket, for {@code s3}; the other {@code s3} settings are those of {@code arca.storage.s3}
 */
@ConfigurationProperties("arca.fixity.replica")
public record ReplicaConfiguration(
    @Nullable String backend,
    @Nullable Path path,
    @Bindable(defaultValue = "") List<String> repositories,
    @Bindable(defaultValue = "") List<Path> bags,
    @Nullable String bucket,
    @Nullable URI endpoint,
    @Bindable(defaultValue = "us-east-1") String region,
    @Bindable(defaultValue = "false") boolean pathStyle,
    @Nullable String accessKey,
    @Nullable String secretKey,
    @Bindable(defaultValue = "") String prefix,
    @Bindable(defaultValue = "16MB") @ReadableBytes long partSize) {}
