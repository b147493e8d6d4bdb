package org.arca.preservation.citation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.arca.core.image.OciJson;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.Subject;

/**
 * Writes CSL-JSON ({@code application/vnd.citationstyles.csl+json}): one item of type {@code software}, as an object,
 * which is what DOI content negotiation answers for one DOI, or as an array when a list is asked for (pandoc's
 * {@code --bibliography} reads arrays). The item's id is the DOI, or the manifest digest for an image without one,
 * whose {@code URL} is then the registry URL naming that digest.
 *
 * @see <a href="https://github.com/citation-style-language/schema/blob/master/schemas/input/csl-data.json">CSL data
 *     schema</a>
 */
public final class CslJson implements CitationWriter {
  public static final String MEDIA_TYPE = "application/vnd.citationstyles.csl+json";

  @Override
  public byte[] write(DoiMetadata m) {
    return bytes(item(m));
  }

  /** The records as an array of items. */
  public byte[] writeList(List<DoiMetadata> records) {
    ArrayNode items = OciJson.MAPPER.createArrayNode();
    records.forEach(m -> items.add(item(m)));
    return bytes(items);
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
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
    String note = m.digest().map(d -> "OCI manifest digest: " + d).orElse("")
        + m.unregisteredDoiNote().map(n -> (m.digest().isPresent() ? ". " : "") + n).orElse("");
    if (!note.isEmpty()) {
      item.put("note", note);
    }
    return item;
  }
}
