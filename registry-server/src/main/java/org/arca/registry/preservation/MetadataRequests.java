package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.preservation.metadata.Affiliation;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.metadata.NameIdentifier;
import org.arca.preservation.metadata.NameType;

/**
 * Reads the {@code metadata} object of a DOI request into the engine's {@link MetadataOverrides}. Every field is
 * optional; what is given replaces what Arca drafted from the image's labels:
 *
 * <pre>{@code {"title", "description", "version", "licenses": ["MIT"], "keywords": [...], "publicationYear": 2026,
 *  "language": "en", "papers": ["10.1234/x"], "recipe": "https://.../Dockerfile",
 *  "creators": [{"givenName", "familyName", "orcid", "affiliation"} or {"name", "nameType"}]}}</pre>
 *
 * A creator given by {@code name} alone is a person when the name reads {@code Family, Given}, as DataCite reads it,
 * unless {@code "nameType": "Organizational"} says otherwise.
 */
final class MetadataRequests {

  private MetadataRequests() {}

  static MetadataOverrides parse(JsonNode metadata) {
    if (metadata == null || metadata.isNull() || metadata.isMissingNode()) {
      return MetadataOverrides.NONE;
    }
    if (!metadata.isObject()) {
      throw invalid("metadata must be a JSON object");
    }
    try {
      List<Creator> creators = new ArrayList<>();
      for (JsonNode c : array(metadata, "creators")) {
        creators.add(creator(c));
      }
      List<Doi> papers = new ArrayList<>();
      for (JsonNode p : array(metadata, "papers")) {
        papers.add(Doi.parse(p.asText()));
      }
      JsonNode year = metadata.get("publicationYear");
      if (year != null && !year.isNull() && !year.canConvertToInt()) {
        throw invalid("metadata.publicationYear must be a year such as 2026");
      }
      return new MetadataOverrides(text(metadata, "title"), text(metadata, "description"), creators,
          text(metadata, "version"), strings(metadata, "licenses"), strings(metadata, "keywords"),
          year == null || year.isNull() ? null : year.intValue(), text(metadata, "language"), papers,
          text(metadata, "recipe"), null, null, List.of());
    } catch (IllegalArgumentException e) {
      throw invalid("metadata: " + e.getMessage());
    }
  }

  private static Creator creator(JsonNode c) {
    if (!c.isObject()) {
      throw invalid("metadata.creators holds objects such as {\"givenName\",\"familyName\",\"orcid\"}");
    }
    String given = text(c, "givenName");
    String family = text(c, "familyName");
    String orcid = text(c, "orcid");
    String affiliation = text(c, "affiliation");
    Affiliation[] affiliations = affiliation == null ? new Affiliation[0] : new Affiliation[] {new Affiliation(affiliation)};
    if (given != null && family != null) {
      return Creator.person(given, family, orcid, affiliations);
    }
    String name = text(c, "name");
    if (name == null) {
      name = family;
    }
    if (name == null) {
      throw invalid("metadata.creators: each creator needs givenName and familyName, or a name");
    }
    String kind = text(c, "nameType");
    NameType nameType = kind != null ? NameType.of(kind) : orcid != null ? NameType.PERSONAL : null;
    if (nameType == NameType.ORGANIZATIONAL && orcid != null) {
      throw invalid("metadata.creators: " + name + " is Organizational but has an ORCID iD, which names a person");
    }
    return new Creator(name, nameType, null, null,
        orcid == null ? List.of() : List.of(NameIdentifier.orcid(orcid)),
        affiliation == null ? List.of() : List.of(new Affiliation(affiliation)));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() && !value.isNumber()) {
      throw invalid("metadata." + field + " must be a string");
    }
    String text = value.asText().strip();
    return text.isEmpty() ? null : text;
  }

  private static List<String> strings(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode item : array(node, field)) {
      values.add(item.asText());
    }
    return values;
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw invalid("metadata." + field + " must be an array");
    }
    return value;
  }

  static RegistryException invalid(String message) {
    return new RegistryException(OciError.UNSUPPORTED, message).withStatus(400);
  }
}
