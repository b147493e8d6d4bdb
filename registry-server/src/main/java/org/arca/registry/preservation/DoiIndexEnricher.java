package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.arca.preservation.doi.DoiState;
import org.arca.search.image.ImageFlags;
import org.arca.search.image.ImageKey;
import org.arca.search.index.IndexEnricher;

/**
 * Search's has-DOI flag: an image is flagged with its DOI once the DOI is findable (approved and not withdrawn).
 * Drafts are not public yet and withdrawn DOIs no longer promise the content, so neither is advertised in search.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
@Requires(property = "arca.search.enabled", notEquals = "false")
public class DoiIndexEnricher implements IndexEnricher {
  private final JdbcDoiRecordStore dois;

  public DoiIndexEnricher(JdbcDoiRecordStore dois) {
    this.dois = dois;
  }

  @Override
  public ImageFlags flags(ImageKey image) {
    return dois.forImage(image.repository(), image.digest())
        .filter(r -> r.state() == DoiState.FINDABLE && !r.isWithdrawn())
        .map(r -> new ImageFlags(r.doi().toString(), false, false))
        .orElse(ImageFlags.NONE);
  }
}
