package org.arca.search.query;

import io.micronaut.serde.annotation.Serdeable;

/** One value of a facet and how many hits have it. */
@Serdeable
public record FacetValue(String value, long count) {}
