package org.arca.preservation.provenance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arca.core.image.OciJson;

/**
 * A provenance record as JSON, the one shape both archives ({@code arca-export.json}) and the server's provenance API
 * use: repository, subject, relation, source and/or sourceName, origin, evidence when known, recordedAt.
 */
public final class ProvenanceJson {

  private ProvenanceJson() {}

  public static ObjectNode write(ProvenanceRecord r) {
    ObjectNode o = OciJson.MAPPER.createObjectNode();
    o.put("repository", r.repository().toString());
    o.put("subject", r.subject().toString());
    o.put("relation", r.relation().name());
    if (r.source() != null) {
      o.put("source", r.source().toString());
    }
    if (r.sourceName() != null) {
      o.put("sourceName", r.sourceName());
    }
    o.put("origin", r.origin().name());
    if (r.evidence() != null) {
      o.put("evidence", r.evidence().toString());
    }
    o.put("recordedAt", r.recordedAt().toString());
    return o;
  }
}
