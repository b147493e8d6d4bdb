package org.arca.registry.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Limits and housekeeping of the OCI API.
 *
 * @param maxManifestSize largest manifest accepted, in bytes (the spec asks for at least 4 MiB); larger ones get 413
 * @param uploadMaxAge an upload untouched for this long is purged with its bytes
 * @param uploadPurgeInterval how often abandoned uploads are looked for
 * @param maxPageSize most entries one tags or catalog page returns; a {@code Link} header points to the next page
 * @param manifestCacheBytes memory for recently served manifests (by digest); 0 turns the cache off
 * @param tagCacheTtl how long a tag's target may be served from memory; an instance's own writes clear it at once,
 *     so this bounds how stale a tag may look on one instance after another instance moved it
 */
@ConfigurationProperties("arca.registry")
public record RegistryConfiguration(
    @Bindable(defaultValue = "4194304") long maxManifestSize,
    @Bindable(defaultValue = "24h") Duration uploadMaxAge,
    @Bindable(defaultValue = "15m") Duration uploadPurgeInterval,
    @Bindable(defaultValue = "1000") int maxPageSize,
    @Bindable(defaultValue = "67108864") long manifestCacheBytes,
    @Bindable(defaultValue = "2s") Duration tagCacheTtl) {}
