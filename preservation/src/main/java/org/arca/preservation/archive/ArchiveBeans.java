package org.arca.preservation.archive;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.FixityHistory;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.PreservationConfiguration;
import org.arca.preservation.doi.DoiRecordStore;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.provenance.ProvenanceStore;

/**
 * Wires export and import once the server provides the registry ports, the DOI and provenance stores and, for
 * import, an {@link ImportSink}. Bags name {@code arca.preservation.publisher} as their Source-Organization.
 */
@Factory
@Requires(property = "arca.preservation.enabled", notEquals = "false")
@Requires(beans = {RegistryCatalog.class, BlobStore.class, DoiRecordStore.class, ProvenanceStore.class})
public class ArchiveBeans {

  @Singleton
  ArchiveExporter archiveExporter(RegistryCatalog catalog, BlobStore blobs, DoiRecordStore dois,
      ProvenanceStore provenance, DraftMetadataBuilder builder, PreservationConfiguration config,
      @Nullable FixityHistory fixity) {
    return new ArchiveExporter(catalog, blobs, dois, provenance, builder, config.publisher(), Clock.systemUTC(),
        fixity == null ? FixityHistory.NONE : fixity);
  }

  @Singleton
  @Requires(beans = ImportSink.class)
  ArchiveImporter archiveImporter(ImportSink sink) {
    return new ArchiveImporter(sink);
  }
}
