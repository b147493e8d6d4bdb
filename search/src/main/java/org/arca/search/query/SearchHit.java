package org.arca.search.query;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One image found.
 *
 * @param tag the tag to show (the newest-looking of {@code tags}), or null for an untagged image
 * @param highlights why it matched: field name to a fragment with the matched words in {@code <em>}
 */
@Serdeable
public record SearchHit(
    String repository,
    String tag,
    List<String> tags,
    String digest,
    String title,
    String summary,
    float score,
    Map<String, String> highlights) {}
