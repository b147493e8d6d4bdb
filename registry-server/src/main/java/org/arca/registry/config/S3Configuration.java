package org.arca.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.net.URI;
import java.time.Duration;

/**
 * The S3 (or S3-compatible) bucket blobs are kept in when {@code arca.storage.backend=s3}.
 *
 * @param bucket the bucket, which must exist
 * @param endpoint the service's URL, e.g. {@code http://127.0.0.1:9000} for a local S3-compatible server; unset for
 *     AWS itself
 * @param region the bucket's region
 * @param pathStyle whether the bucket goes into the path ({@code endpoint/bucket/key}, as most S3-compatible servers
 *     want) rather than into the host name ({@code bucket.endpoint/key})
 * @param accessKey the access key; unset to use the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID} and
 *     {@code AWS_SECRET_ACCESS_KEY}, a profile, or an instance role)
 * @param secretKey the secret key belonging to {@code accessKey}
 * @param prefix a key prefix, so that several registries can share a bucket; empty or ending in {@code /}
 * @param partSize bytes of a chunked upload buffered in a local file before they go to the bucket as one part; at
 *     least S3's 5 MiB minimum part size
 * @param redirectPulls whether a blob GET is answered with a 307 to a presigned URL of the object, so that the bytes
 *     go from the bucket to the client without passing through Arca; off by default (the bytes are streamed). Access,
 *     quarantine and withdrawal are checked before the redirect; the client must be able to reach {@code endpoint}
 * @param redirectValidity how long a presigned URL stays valid: long enough for a client to follow the redirect,
 *     short because anyone holding the URL can fetch the blob until then
 */
@ConfigurationProperties("arca.storage.s3")
public record S3Configuration(
    @Nullable String bucket,
    @Nullable URI endpoint,
    @Bindable(defaultValue = "us-east-1") String region,
    @Bindable(defaultValue = "false") boolean pathStyle,
    @Nullable String accessKey,
    @Nullable String secretKey,
    @Bindable(defaultValue = "") String prefix,
    @Bindable(defaultValue = "16MB") @ReadableBytes long partSize,
    @Bindable(defaultValue = "false") boolean redirectPulls,
    @Bindable(defaultValue = "5m") Duration redirectValidity) {}
