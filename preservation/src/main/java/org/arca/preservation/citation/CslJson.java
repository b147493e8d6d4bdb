package org.arca.preservation.citation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arca.core.image.OciJson;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.Subject;

/**
 * Writes CSL-JSON ({@code application/vnd.citationstyles.csl+json}): an array with one item of type
 * {@code software}. The item's id is the DOI, or the manifest digest for an image without one, whose {@code URL} is
 * then the registry URL naming that digest.
 *
 * @see <a href="https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json">CSL data
 *     schema</a>
 */
public final class CslJson implements CitationWriter {
  public static final String MEDIA_TYPE = "application/vnd.citationstyles.csl+json";

  @Override
  public byte[] write(DoiMetadata m) {
    ArrayNode items = OciJson.MAPPER.createArrayNode();
    items.add(item(m));
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(items);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write CSL-JSON", e);
    }
  }

  /** The one CSL item, also what the bibliography renderer feeds to citeproc. */
  public ObjectNode item(DoiMetadata m) {
    ObjectNode item = OciJson.MAPPER.createObjectNode();
    item.put("id", m.doi() != null ? m.doi().toString() : m.digest().orElse(m.url()));
    item.put("type", "software");
    item.put("title", m.title());
    ArrayNode authors = item.putArray("author");
    for (Creator c : m.creators()) {
      ObjectNode name = authors.addObject();
      if (c.familyName() != null) {
        name.put("family", c.familyName());
        if (c.givenName() != null) {
          name.put("given", c.givenName());
        }
      } else {
        name.put("literal", c.name());
      }
    }
    item.putObject("issued").putArray("date-parts").addArray().add(m.publicationYear());
    item.put("publisher", m.publisher());
    if (m.version() != null) {
      item.put("version", m.version());
    }
    if (m.doi() != null) {
      item.put("DOI", m.doi().toString());
    }
    item.put("URL", m.identifierUrl());
    item.put("genre", m.resourceType().specific());
    m.abstractText().ifPresent(a -> item.put("abstract", a));
    if (!m.subjects().isEmpty()) {
      item.put("keyword", String.join(", ", m.subjects().stream().map(Subject::subject).toList()));
    }
    m.digest().ifPresent(d -> item.put("note", "OCI manifest digest: " + d));
    return item;
  }
}
