package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiState;
import org.arca.search.image.ImageFlags;
import org.arca.search.image.ImageKey;
import org.arca.search.index.IndexEnricher;

/**
 * Search's has-DOI and withdrawn flags: an image is flagged with its DOI once the DOI is findable (approved and not
 * withdrawn), so drafts, which are not public yet, are not advertised. An image whose DOI a curator withdrew is
 * flagged withdrawn, which search never shows. The tag the DOI was minted for goes with it, so that a hit shows the
 * cited version rather than a tag added later. A withdrawal publishes an {@code ImageFactsChanged} event, so the
 * image's document is written again with these flags.
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
    Optional<DoiRecord> record = dois.forImage(image.repository(), image.digest());
    if (record.isEmpty()) {
      return ImageFlags.NONE;
    }
    if (record.get().isWithdrawn()) {
      return ImageFlags.WITHDRAWN;
    }
    return record.get().state() == DoiState.FINDABLE
        ? ImageFlags.cited(record.get().doi().toString(), record.get().tag()) : ImageFlags.NONE;
  }
}
