package org.arca.preservation.doi;

import org.arca.preservation.metadata.Doi;

/**
 * Where a DOI stands with its provider.
 *
 * @param registered whether a registration agency knows the DOI, i.e. whether it can resolve at doi.org once
 *     registered or findable; always false for the local provider
 * @param statement a sentence for people saying what this means, e.g. that a local DOI does not resolve
 */
public record DoiStatus(Doi doi, DoiState state, boolean registered, String provider, String statement) {}
