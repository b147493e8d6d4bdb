package org.arca.converter.job;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;

/**
 * SIF conversion as a registry feature.
 *
 * @param policy which images are converted when pushed: {@code tagged} (every image a tag points at, the default),
 *     {@code all} (untagged ones too) or {@code none}
 * @param policies per-repository policies by glob ({@code "biocontainers/*": all}, {@code "scratch/**": none});
 *     the longest matching glob wins, and the default {@code policy} applies otherwise
 * @param sourceHost registry host written into each SIF's definition file ({@code from: <host>/<repository>@<digest>});
 *     empty means the repository alone. Changing it changes the SIFs' bytes, so set it once
 * @param compression squashfs compression: gzip (default), xz or zstd
 * @param threads compression threads per conversion
 * @param concurrency conversions one instance runs at the same time
 * @param backfillInterval how often images pushed before conversion was on, or whose conversion was lost, are found
 * @param reconvertOutdated whether the backfill also re-converts images whose SIF an older converter made (opt-in:
 *     a re-conversion changes the SIF's digest)
 */
@ConfigurationProperties("arca.converter")
public record ConverterConfiguration(
    @Bindable(defaultValue = "tagged") String policy,
    @Nullable Map<String, String> policies,
    @Bindable(defaultValue = "") String sourceHost,
    @Bindable(defaultValue = "gzip") String compression,
    @Bindable(defaultValue = "2") int threads,
    @Bindable(defaultValue = "1") int concurrency,
    @Bindable(defaultValue = "1h") Duration backfillInterval,
    @Bindable(defaultValue = "false") boolean reconvertOutdated) {

  public ConverterConfiguration {
    policies = policies == null ? Map.of() : Map.copyOf(policies);
  }
}
