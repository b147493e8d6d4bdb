package org.arca.preservation.datacite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.arca.preservation.metadata.Affiliation;
import org.arca.preservation.metadata.AlternateIdentifier;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DateType;
import org.arca.preservation.metadata.Description;
import org.arca.preservation.metadata.DescriptionType;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.MetadataDate;
import org.arca.preservation.metadata.NameIdentifier;
import org.arca.preservation.metadata.NameType;
import org.arca.preservation.metadata.RelatedIdentifier;
import org.arca.preservation.metadata.RelatedIdentifierType;
import org.arca.preservation.metadata.RelationType;
import org.arca.preservation.metadata.ResourceType;
import org.arca.preservation.metadata.ResourceTypeGeneral;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.metadata.Subject;
import org.arca.preservation.metadata.Title;
import org.arca.preservation.metadata.TitleType;

/**
 * A record as the {@code attributes} object of the DataCite REST API ({@code application/vnd.datacite.datacite+json}),
 * both ways: written for {@code POST/PUT /dois} and for archives, read back from DataCite's answers and on import.
 *
 * @see <a href="https://support.datacite.org/docs/api-create-dois">DataCite REST API: create DOIs</a>
 */
public final class DataCiteJson {
  public static final String MEDIA_TYPE = "application/vnd.datacite.datacite+json";
  public static final String SCHEMA_VERSION = "http://datacite.org/schema/kernel-4";
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** The attributes object; {@code doi} is included when the record has one. */
  public ObjectNode attributes(DoiMetadata m) {
    ObjectNode a = MAPPER.createObjectNode();
    if (m.doi() != null) {
      a.put("doi", m.doi().toString());
    }
    a.put("url", m.url());
    ArrayNode creators = a.putArray("creators");
    for (Creator c : m.creators()) {
      ObjectNode o = creators.addObject();
      o.put("name", c.name());
      put(o, "nameType", c.nameType() == null ? null : c.nameType().value());
      put(o, "givenName", c.givenName());
      put(o, "familyName", c.familyName());
      ArrayNode ids = o.putArray("nameIdentifiers");
      for (NameIdentifier id : c.nameIdentifiers()) {
        ObjectNode i = ids.addObject();
        i.put("nameIdentifier", id.identifier());
        i.put("nameIdentifierScheme", id.scheme());
        put(i, "schemeUri", id.schemeUri());
      }
      ArrayNode affiliations = o.putArray("affiliation");
      for (Affiliation af : c.affiliations()) {
        ObjectNode i = affiliations.addObject();
        i.put("name", af.name());
        put(i, "affiliationIdentifier", af.identifier());
        put(i, "affiliationIdentifierScheme", af.scheme());
        put(i, "schemeUri", af.schemeUri());
      }
    }
    ArrayNode titles = a.putArray("titles");
    m.titles().forEach(t -> {
      ObjectNode o = titles.addObject();
      o.put("title", t.title());
      put(o, "titleType", t.type() == null ? null : t.type().value());
      put(o, "lang", t.lang());
    });
    a.putObject("publisher").put("name", m.publisher());
    a.put("publicationYear", m.publicationYear());
    ObjectNode types = a.putObject("types");
    types.put("resourceTypeGeneral", m.resourceType().general().value());
    put(types, "resourceType", m.resourceType().specific());
    ArrayNode subjects = a.putArray("subjects");
    m.subjects().forEach(s -> {
      ObjectNode o = subjects.addObject();
      o.put("subject", s.subject());
      put(o, "subjectScheme", s.scheme());
      put(o, "schemeUri", s.schemeUri());
      put(o, "valueUri", s.valueUri());
    });
    ArrayNode dates = a.putArray("dates");
    m.dates().forEach(d -> {
      ObjectNode o = dates.addObject();
      o.put("date", d.date());
      o.put("dateType", d.type().value());
      put(o, "dateInformation", d.information());
    });
    put(a, "language", m.language());
    ArrayNode alternates = a.putArray("alternateIdentifiers");
    m.alternateIdentifiers().forEach(x -> alternates.addObject()
        .put("alternateIdentifier", x.identifier()).put("alternateIdentifierType", x.type()));
    ArrayNode related = a.putArray("relatedIdentifiers");
    m.relatedIdentifiers().forEach(r -> {
      ObjectNode o = related.addObject();
      o.put("relatedIdentifier", r.identifier());
      o.put("relatedIdentifierType", r.identifierType().value());
      o.put("relationType", r.relationType().value());
      put(o, "resourceTypeGeneral", r.resourceTypeGeneral() == null ? null : r.resourceTypeGeneral().value());
    });
    m.sizes().forEach(a.putArray("sizes")::add);
    m.formats().forEach(a.putArray("formats")::add);
    put(a, "version", m.version());
    ArrayNode rights = a.putArray("rightsList");
    m.rights().forEach(r -> {
      ObjectNode o = rights.addObject();
      o.put("rights", r.rights());
      put(o, "rightsUri", r.rightsUri());
      put(o, "rightsIdentifier", r.rightsIdentifier());
      put(o, "rightsIdentifierScheme", r.rightsIdentifierScheme());
      put(o, "schemeUri", r.schemeUri());
    });
    ArrayNode descriptions = a.putArray("descriptions");
    m.descriptions().forEach(d -> descriptions.addObject()
        .put("description", d.description()).put("descriptionType", d.type().value()));
    a.put("schemaVersion", SCHEMA_VERSION);
    return a;
  }

  /** Reads an attributes object back into a record; DataCite's answers (publisher as string or object) included. */
  public DoiMetadata read(JsonNode a) {
    String doiText = text(a, "doi");
    JsonNode publisherNode = a.path("publisher");
    String publisher = publisherNode.isObject() ? text(publisherNode, "name") : publisherNode.asText(null);
    JsonNode types = a.path("types");
    JsonNode year = a.path("publicationYear");
    return new DoiMetadata(
        doiText == null || doiText.isBlank() ? null : Doi.parse(doiText),
        text(a, "url"),
        list(a, "creators", c -> new Creator(
            text(c, "name"),
            text(c, "nameType") == null ? null : NameType.of(text(c, "nameType")),
            text(c, "givenName"),
            text(c, "familyName"),
            list(c, "nameIdentifiers", i -> new NameIdentifier(text(i, "nameIdentifier"),
                text(i, "nameIdentifierScheme"), text(i, "schemeUri"))),
            list(c, "affiliation", af -> af.isTextual() ? new Affiliation(af.asText())
                : new Affiliation(text(af, "name"), text(af, "affiliationIdentifier"),
                    text(af, "affiliationIdentifierScheme"), text(af, "schemeUri"))))),
        list(a, "titles", t -> new Title(text(t, "title"),
            text(t, "titleType") == null ? null : TitleType.of(text(t, "titleType")), text(t, "lang"))),
        publisher,
        year.isTextual() ? Integer.parseInt(year.asText()) : year.asInt(),
        new ResourceType(ResourceTypeGeneral.of(text(types, "resourceTypeGeneral")), text(types, "resourceType")),
        list(a, "subjects", s -> new Subject(text(s, "subject"), text(s, "subjectScheme"), text(s, "schemeUri"),
            text(s, "valueUri"))),
        list(a, "dates", d -> new MetadataDate(text(d, "date"), DateType.of(text(d, "dateType")),
            text(d, "dateInformation"))),
        text(a, "language"),
        list(a, "alternateIdentifiers", x -> new AlternateIdentifier(text(x, "alternateIdentifier"),
            text(x, "alternateIdentifierType"))),
        list(a, "relatedIdentifiers", r -> new RelatedIdentifier(text(r, "relatedIdentifier"),
            RelatedIdentifierType.of(text(r, "relatedIdentifierType")), RelationType.of(text(r, "relationType")),
            text(r, "resourceTypeGeneral") == null ? null : ResourceTypeGeneral.of(text(r, "resourceTypeGeneral")))),
        list(a, "sizes", JsonNode::asText),
        list(a, "formats", JsonNode::asText),
        text(a, "version"),
        list(a, "rightsList", r -> new Rights(text(r, "rights"), text(r, "rightsUri"), text(r, "rightsIdentifier"),
            text(r, "rightsIdentifierScheme"), text(r, "schemeUri"))),
        list(a, "descriptions", d -> new Description(text(d, "description"),
            DescriptionType.of(text(d, "descriptionType")))));
  }

  private static <T> List<T> list(JsonNode parent, String field, Function<JsonNode, T> each) {
    JsonNode node = parent.path(field);
    List<T> values = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> values.add(each.apply(item)));
    }
    return values;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static void put(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
