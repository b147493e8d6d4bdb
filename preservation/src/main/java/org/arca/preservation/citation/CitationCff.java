package org.arca.preservation.citation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DateType;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.NameType;
import org.arca.preservation.metadata.RelationType;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.metadata.Subject;

/**
 * Writes a {@code CITATION.cff} file (Citation File Format 1.2.0, YAML) describing the image as {@code type:
 * software}, with its DOI and digest under {@code identifiers}.
 *
 * @see <a href="https://github.com/citation-file-format/citation-file-format/blob/1.2.0/schema-guide.md">CFF 1.2.0
 *     schema guide</a>
 */
public final class CitationCff implements CitationWriter {
  public static final String MEDIA_TYPE = "application/x-cff+yaml";
  public static final String FILE_NAME = "CITATION.cff";
  static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .build());

  @Override
  public byte[] write(DoiMetadata m) {
    ObjectNode cff = YAML.createObjectNode();
    cff.put("cff-version", "1.2.0");
    cff.put("message", "If you use this container image, please cite it using the metadata from this file.");
    cff.put("type", "software");
    cff.put("title", m.title());
    if (m.version() != null) {
      cff.put("version", m.version());
    }
    if (m.doi() != null) {
      cff.put("doi", m.doi().toString());
    }
    ArrayNode identifiers = cff.putArray("identifiers");
    if (m.doi() != null) {
      identifiers.addObject().put("type", "doi").put("value", m.doi().toString())
          .put("description", "The DOI of this image version");
    }
    identifiers.addObject().put("type", "url").put("value", m.url())
        .put("description", "The image version in the registry, named by its digest");
    m.digest().ifPresent(d -> identifiers.addObject().put("type", "other").put("value", d)
        .put("description", "OCI manifest digest"));
    m.unregisteredDoi().ifPresent(d -> identifiers.addObject().put("type", "other").put("value", d)
        .put("description", m.unregisteredDoiNote().orElseThrow()));
    ArrayNode authors = cff.putArray("authors");
    for (Creator c : m.creators()) {
      ObjectNode a = authors.addObject();
      if (c.familyName() != null) {
        a.put("family-names", c.familyName());
        if (c.givenName() != null) {
          a.put("given-names", c.givenName());
        }
      } else if (c.nameType() == NameType.PERSONAL) {
        a.put("family-names", c.name());
      } else {
        a.put("name", c.name()); // an entity: organisation, or an account whose kind is unknown
      }
      c.orcid().ifPresent(o -> a.put("orcid", o));
      if (!c.affiliations().isEmpty()) {
        a.put("affiliation", c.affiliations().get(0).name());
      }
    }
    m.dates().stream().filter(d -> d.type() == DateType.AVAILABLE || d.type() == DateType.ISSUED)
        .filter(d -> d.date().matches("\\d{4}-\\d{2}-\\d{2}")).findFirst()
        .ifPresent(d -> cff.put("date-released", d.date()));
    List<Rights> licenses = m.licenses();
    if (licenses.size() == 1) {
      cff.put("license", licenses.get(0).rightsIdentifier());
    } else if (licenses.size() > 1) {
      ArrayNode list = cff.putArray("license");
      licenses.forEach(r -> list.add(r.rightsIdentifier()));
    }
    cff.put("url", m.url());
    m.related(RelationType.IS_COMPILED_BY).stream().findFirst()
        .ifPresent(r -> cff.put("repository-code", r.href()));
    m.abstractText().ifPresent(a -> cff.put("abstract", a));
    if (!m.subjects().isEmpty()) {
      ArrayNode keywords = cff.putArray("keywords");
      m.subjects().stream().map(Subject::subject).forEach(keywords::add);
    }
    try {
      return YAML.writeValueAsBytes(cff);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write CITATION.cff", e);
    }
  }
}
