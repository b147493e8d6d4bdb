package org.arca.registry.job;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The background job runner.
 *
 * @param enabled false stops this instance from running jobs (it still enqueues them), e.g. for API-only nodes
 * @param workers jobs this instance runs at the same time, across all kinds
 * @param pollInterval how often the queue is checked for due jobs (new jobs on this instance start at once)
 * @param lease how long a claimed job stays with its worker before another instance may take it over; a running
 *     job renews it
 * @param retryBackoff the wait before the first retry; each further retry waits twice as long, up to an hour
 */
@ConfigurationProperties("arca.jobs")
public record JobConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "2") int workers,
    @Bindable(defaultValue = "5s") Duration pollInterval,
    @Bindable(defaultValue = "1m") Duration lease,
    @Bindable(defaultValue = "30s") Duration retryBackoff) {}
