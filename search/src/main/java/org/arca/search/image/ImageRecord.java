package org.arca.search.image;

import java.time.Instant;
import java.util.List;
import org.arca.search.recipe.Recipe;

/**
 * Everything search indexes about one image: its content, plus what can change without the content changing (tags,
 * attached recipes and other referrers, flags from other features).
 *
 * @param referrers digests of the artifacts attached to the image that search read (recipes, SIFs)
 */
public record ImageRecord(
    ImageKey key,
    List<String> tags,
    Instant pushedAt,
    ImageContent content,
    List<Recipe> recipes,
    List<String> referrers,
    ImageFlags flags) {

  public ImageRecord {
    tags = tags == null ? List.of() : List.copyOf(tags);
    recipes = recipes == null ? List.of() : List.copyOf(recipes);
    referrers = referrers == null ? List.of() : List.copyOf(referrers);
    flags = flags == null ? ImageFlags.NONE : flags;
  }
}
