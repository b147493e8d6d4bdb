package org.arca.preservation.doi;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import org.arca.preservation.PreservationConfiguration;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.RegistryUrls;

/**
 * Wires the DOI engine from {@code arca.preservation.*}: the provider chosen by {@code doi.provider}, the draft
 * builder, and the {@link DoiService} (which needs a {@link DoiRecordStore} bean from the server).
 */
@Factory
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiBeans {

  @Singleton
  DraftMetadataBuilder draftMetadataBuilder(PreservationConfiguration config) {
    return new DraftMetadataBuilder(config.publisher(), new RegistryUrls(config.baseUrl()), Clock.systemUTC());
  }

  @Singleton
  DoiProvider doiProvider(PreservationConfiguration config) {
    var doi = config.doi();
    return switch (doi.provider().trim().toLowerCase(Locale.ROOT)) {
      case LocalDoiProvider.NAME -> new LocalDoiProvider(doi.prefix());
      case DataCiteDoiProvider.NAME -> {
        var datacite = doi.datacite();
        if (datacite == null) {
          throw new IllegalStateException("arca.preservation.doi.provider is datacite but"
              + " arca.preservation.doi.datacite.endpoint/username/password are not set");
        }
        yield new DataCiteDoiProvider(datacite.endpoint(), doi.prefix(), datacite.username(), datacite.password());
      }
      default -> throw new IllegalStateException("arca.preservation.doi.provider '" + doi.provider()
          + "' is unknown: use local or datacite");
    };
  }

  @Singleton
  @Requires(beans = DoiRecordStore.class)
  CitedImages citedImages(DoiRecordStore store) {
    return new CitedImages(store);
  }

  @Singleton
  @Requires(beans = DoiRecordStore.class)
  DoiService doiService(DoiProvider provider, DoiRecordStore store, DraftMetadataBuilder builder,
      PreservationConfiguration config) {
    return new DoiService(provider, store, builder, config.doi().autoApprove(), Clock.systemUTC());
  }
}
