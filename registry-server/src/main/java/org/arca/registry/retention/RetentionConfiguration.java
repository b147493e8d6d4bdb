package org.arca.registry.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Retention settings.
 *
 * @param restoreWindow how long a tag or manifest that retention removed stays restorable (and its blobs pinned)
 * @param pullFlushInterval how often the pull counts kept in memory are added to the database in one transaction
 */
@ConfigurationProperties("arca.retention")
public record RetentionConfiguration(
    @Bindable(defaultValue = "14d") Duration restoreWindow,
    @Bindable(defaultValue = "5s") Duration pullFlushInterval) {}
