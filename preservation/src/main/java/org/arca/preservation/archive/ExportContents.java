package org.arca.preservation.archive;

import java.time.Instant;
import java.util.List;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;

/** Everything {@code arca-export.json} records: the manifests, DOIs and provenance of an export. */
public record ExportContents(
    Instant exportedAt,
    String publisher,
    String baseUrl,
    List<ExportedManifest> manifests,
    List<DoiRecord> dois,
    List<ProvenanceRecord> provenance) {

  public ExportContents {
    manifests = List.copyOf(manifests);
    dois = List.copyOf(dois);
    provenance = List.copyOf(provenance);
  }
}
