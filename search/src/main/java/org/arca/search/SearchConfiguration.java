package org.arca.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;

/**
 * Settings under {@code arca.search}.
 *
 * @param enabled whether search is on ({@code arca.search.enabled}; every search bean requires it not to be false)
 * @param indexDir where the index lives; default {@code ${arca.data-dir:./data}/search}
 * @param queueCapacity images the background indexer queues before it falls back to reconciling whole repositories
 * @param maxLayerBytes uncompressed layer bytes read per image
 * @param maxDocuments documentation files extracted per image
 * @param maxDocumentChars characters of text kept per documentation file
 */
@ConfigurationProperties("arca.search")
public record SearchConfiguration(
    @Bindable(defaultValue = "true") boolean enabled,
    @Nullable Path indexDir,
    @Bindable(defaultValue = "10000") int queueCapacity,
    @Bindable(defaultValue = "8589934592") long maxLayerBytes,
    @Bindable(defaultValue = "200") int maxDocuments,
    @Bindable(defaultValue = "16384") int maxDocumentChars) {}
