package org.arca.search.index;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What the background indexer is doing.
 *
 * @param queued images waiting to be indexed
 * @param rebuilding whether a rebuild is running
 * @param indexed images indexed since start
 * @param failed images whose indexing failed since start (see the log)
 * @param documents images in the index as searches see it
 * @param idle whether everything submitted so far is indexed and visible to searches (nothing queued, no repository
 *     waiting to be reconciled, nothing being written or awaiting a refresh)
 */
@Serdeable
public record IndexerStatus(int queued, boolean rebuilding, long indexed, long failed, int documents, boolean idle) {}
