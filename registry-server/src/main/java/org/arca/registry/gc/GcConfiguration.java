package org.arca.registry.gc;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Online garbage collection.
 *
 * @param gracePeriod a blob or link younger than this is never collected, so that a push in progress (blobs uploaded,
 *     manifest not yet put) keeps its blobs
 * @param schedule when to collect without being asked: an interval ({@code 24h}, {@code 30m}) or a cron expression
 *     ({@code 0 0 3 * * *}: seconds, minutes, hours, day of month, month, day of week); unset, only on request
 * @param lease how long a run holds the cluster-wide lease between renewals; another instance may collect once the
 *     lease of one that died has run out
 */
@ConfigurationProperties("arca.gc")
public record GcConfiguration(
    @Bindable(defaultValue = "2h") Duration gracePeriod,
    @Nullable String schedule,
    @Bindable(defaultValue = "2m") Duration lease) {}
