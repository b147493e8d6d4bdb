package org.arca.search.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * A page of hits, the total number of hits, and facet counts over all hits (not only this page): licence, base image,
 * architecture, has-DOI, has-SIF, vetted.
 */
@Serdeable
public record SearchResult(long total, List<SearchHit> hits, Map<String, List<FacetValue>> facets) {}
