package org.arca.registry.manifest;

import java.util.List;

/** One page of a tag or repository listing; {@code next} is the {@code last} value of the next page, or null. */
public record TagPage(List<String> items, String next) {}
