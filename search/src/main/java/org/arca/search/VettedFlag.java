package org.arca.search;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.arca.core.vetting.VettingRecords;
import org.arca.search.image.ImageFlags;
import org.arca.search.image.ImageKey;
import org.arca.search.index.IndexEnricher;

/**
 * Search's {@code vetted} flag ({@code is:vetted}, the vetted facet): whether the decision in force for the image, as
 * the {@link VettingRecords} port reports it, says vetted. A decision changing publishes an
 * {@code ImageFactsChanged(..., "vetted", ...)} event, on which the image's document is written again.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
@Requires(beans = VettingRecords.class)
public class VettedFlag implements IndexEnricher {
  private final VettingRecords vetting;

  public VettedFlag(VettingRecords vetting) {
    this.vetting = vetting;
  }

  @Override
  public ImageFlags flags(ImageKey image) {
    boolean vetted = vetting.current(image.digest()).map(VettingRecords.Decision::vetted).orElse(false);
    return vetted ? new ImageFlags(null, false, true) : ImageFlags.NONE;
  }
}
