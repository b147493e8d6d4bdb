package org.arca.search.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * A page of hits, the total number of hits, and facet counts over all hits (not only this page): licence, base image,
 * architecture, has-DOI, has-SIF, vetted.
 *
 * @param notes what in the query was ignored and why (a dangling {@code AND}, parentheses, a {@code *} inside a
 *     word); empty when all of it was understood, and written even then, so a client need not check that it is there
 */
@Serdeable
public record SearchResult(long total, List<SearchHit> hits, Map<String, List<FacetValue>> facets,
    @JsonInclude(JsonInclude.Include.ALWAYS) List<String> notes) {}
