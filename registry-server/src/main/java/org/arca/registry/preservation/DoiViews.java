package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.arca.core.image.OciJson;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.metadata.RegistryUrls;
import org.arca.preservation.metadata.DraftMetadataBuilder;

/**
 * The JSON the DOI API answers with: the DOI, its state in the DataCite life cycle and what that means, its landing
 * page here, its doi.org URL once it is registered (null before, when it resolves nowhere), the image it names, a
 * withdrawal if any, and the DataCite record as the REST API's attributes.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
class DoiViews {
  private final RegistryUrls urls;
  private final DataCiteJson dataCite = new DataCiteJson();

  DoiViews(DraftMetadataBuilder builder) {
    this.urls = builder.urls();
  }

  ObjectNode summary(DoiRecord r) {
    ObjectNode o = OciJson.MAPPER.createObjectNode();
    o.put("doi", r.doi().toString());
    o.put("state", r.state().value());
    o.put("url", urls.doi(r.doi()));
    if (r.registered()) {
      o.put("resolver", r.doi().url());
    } else {
      o.putNull("resolver"); // doi.org does not know an unregistered DOI; "url" is where it leads until it is
    }
    o.put("kind", r.kind().name().toLowerCase(java.util.Locale.ROOT));
    o.put("repository", r.repository().value());
    if (r.digest() != null) {
      o.put("digest", r.digest().toString());
    }
    if (r.tag() != null) {
      o.put("tag", r.tag());
    }
    o.put("registered", r.registered());
    o.put("provider", r.provider());
    o.put("statement", r.statement());
    o.put("created", r.created().toString());
    o.put("updated", r.updated().toString());
    if (r.withdrawal() != null) {
      o.putObject("withdrawal").put("reason", r.withdrawal().reason()).put("by", r.withdrawal().by())
          .put("at", r.withdrawal().at().toString());
    }
    return o;
  }

  ObjectNode full(DoiRecord r) {
    ObjectNode o = summary(r);
    o.set("metadata", dataCite.attributes(r.metadata()));
    return o;
  }
}
