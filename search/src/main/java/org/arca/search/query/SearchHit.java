package org.arca.search.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/**
 * One image found.
 *
 * @param tag the tag to show: the one the image's DOI was minted for, else the newest-looking of {@code tags}; null
 *     for an untagged image
 * @param doi the image's DOI once it is findable (approved), or null
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
    @Nullable String doi,
    float score,
    Map<String, String> highlights) {}
