package org.arca.search.index;

import io.micronaut.serde.annotation.Serdeable;

/** The outcome of a rebuild: how many repositories and images were read, and how long it took. */
@Serdeable
public record RebuildReport(int repositories, int images, long millis, long epoch) {}
