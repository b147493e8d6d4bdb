package org.arca.preservation.citation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.arca.core.image.OciJson;
import org.arca.preservation.metadata.Affiliation;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DateType;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.NameType;
import org.arca.preservation.metadata.RelatedIdentifier;
import org.arca.preservation.metadata.RelationType;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.metadata.Subject;

/**
 * Writes schema.org JSON-LD ({@code application/vnd.schemaorg.ld+json}), the form search engines and DataCite's
 * landing pages embed: a {@code SoftwareApplication} (a container image is software one runs) whose {@code @id} is
 * the DOI URL, or the registry URL with the digest for an image without a DOI.
 *
 * @see <a href="https://schema.org/SoftwareApplication">schema.org SoftwareApplication</a>
 */
public final class SchemaOrgJsonLd implements CitationWriter {
  public static final String MEDIA_TYPE = "application/vnd.schemaorg.ld+json";

  @Override
  public byte[] write(DoiMetadata m) {
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON-LD", e);
    }
  }

  public ObjectNode node(DoiMetadata m) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("@context", "https://schema.org");
    root.put("@type", "SoftwareApplication");
    root.put("@id", m.identifierUrl());
    ArrayNode identifiers = root.putArray("identifier");
    if (m.doi() != null) {
      identifiers.addObject().put("@type", "PropertyValue").put("propertyID", "DOI").put("value", m.doi().toString())
          .put("url", m.doi().url());
    }
    m.digest().ifPresent(d -> identifiers.addObject().put("@type", "PropertyValue")
        .put("propertyID", "OCI manifest digest").put("value", d).put("url", m.url()));
    m.unregisteredDoi().ifPresent(d -> identifiers.addObject().put("@type", "PropertyValue")
        .put("propertyID", "DOI (not registered)").put("value", d).put("description", m.unregisteredDoiNote()
            .orElseThrow()));
    root.put("url", m.url());
    root.put("name", m.title());
    m.abstractText().ifPresent(a -> root.put("description", a));
    if (m.version() != null) {
      root.put("version", m.version());
      root.put("softwareVersion", m.version());
    }
    root.put("applicationCategory", m.resourceType().specific());
    ArrayNode authors = root.putArray("author");
    for (Creator c : m.creators()) {
      ObjectNode a = authors.addObject();
      a.put("@type", c.nameType() == NameType.ORGANIZATIONAL ? "Organization" : "Person");
      c.orcid().ifPresent(o -> a.put("@id", o));
      a.put("name", c.displayName());
      if (c.givenName() != null) {
        a.put("givenName", c.givenName());
      }
      if (c.familyName() != null) {
        a.put("familyName", c.familyName());
      }
      if (!c.affiliations().isEmpty()) {
        ArrayNode affiliations = a.putArray("affiliation");
        for (Affiliation af : c.affiliations()) {
          ObjectNode o = affiliations.addObject().put("@type", "Organization").put("name", af.name());
          if (af.identifier() != null) {
            o.put("@id", af.identifier());
          }
        }
      }
    }
    root.putObject("publisher").put("@type", "Organization").put("name", m.publisher());
    root.put("datePublished", m.dates().stream().filter(d -> d.type() == DateType.AVAILABLE
        || d.type() == DateType.ISSUED).map(d -> d.date()).findFirst().orElse(Integer.toString(m.publicationYear())));
    m.dates().stream().filter(d -> d.type() == DateType.CREATED).findFirst()
        .ifPresent(d -> root.put("dateCreated", d.date()));
    if (!m.licenses().isEmpty()) {
      ArrayNode licenses = root.putArray("license");
      m.licenses().stream().map(Rights::rightsUri).forEach(licenses::add);
    }
    if (!m.subjects().isEmpty()) {
      root.put("keywords", String.join(", ", m.subjects().stream().map(Subject::subject).toList()));
    }
    if (!m.formats().isEmpty()) {
      root.put("encodingFormat", m.formats().get(0));
    }
    if (!m.sizes().isEmpty()) {
      root.put("fileSize", m.sizes().get(0));
    }
    links(root, "isBasedOn", m, RelationType.IS_DERIVED_FROM);
    links(root, "isPartOf", m, RelationType.IS_VERSION_OF);
    links(root, "subjectOf", m, RelationType.IS_SUPPLEMENT_TO);
    links(root, "workExample", m, RelationType.IS_ORIGINAL_FORM_OF);
    links(root, "exampleOfWork", m, RelationType.IS_VARIANT_FORM_OF);
    m.related(RelationType.IS_COMPILED_BY).stream().findFirst()
        .ifPresent(r -> root.put("codeRepository", r.href()));
    return root;
  }

  private static void links(ObjectNode root, String property, DoiMetadata m, RelationType type) {
    var related = m.related(type);
    if (!related.isEmpty()) {
      ArrayNode array = root.putArray(property);
      for (RelatedIdentifier r : related) {
        array.addObject().put("@id", r.href());
      }
    }
  }
}
