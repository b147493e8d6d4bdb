package org.arca.preservation.citation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.datacite.DataCiteXml;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * Renders a record in any {@link CitationFormat}: what a DOI landing page's "cite" menu and content negotiation on
 * {@code /api/v1/.../citation} call. Stateless and thread-safe.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public final class Citations {
  private final DataCiteXml dataCiteXml = new DataCiteXml();
  private final DataCiteJson dataCiteJson = new DataCiteJson();
  private final Bibliography bibliography = new Bibliography();

  /**
   * Renders {@code metadata}; {@code style} and {@code locale} matter for {@link CitationFormat#BIBLIOGRAPHY} only
   * (null for APA in en-US) and an unknown style throws {@link UnknownStyleException}.
   */
  public RenderedCitation render(DoiMetadata metadata, CitationFormat format, String style, String locale) {
    return render(metadata, format, style, locale, false);
  }

  /**
   * Renders {@code metadata}, as a list of one item when {@code list} is true and the format has lists (CSL-JSON
   * only: one record is otherwise one object, as DOI content negotiation answers).
   */
  public RenderedCitation render(DoiMetadata metadata, CitationFormat format, String style, String locale,
      boolean list) {
    byte[] body = switch (format) {
      case DATACITE_XML -> dataCiteXml.write(metadata);
      case DATACITE_JSON -> bytes(dataCiteJson.attributes(metadata));
      case CSL_JSON -> list ? new CslJson().writeList(List.of(metadata)) : new CslJson().write(metadata);
      case BIBTEX -> new BibTex(BibTex.EntryType.SOFTWARE).write(metadata);
      case RIS -> new Ris().write(metadata);
      case SCHEMA_ORG -> new SchemaOrgJsonLd().write(metadata);
      case CITATION_CFF -> new CitationCff().write(metadata);
      case BIBLIOGRAPHY -> (bibliography.render(metadata, style, locale, Bibliography.Format.TEXT) + "\n")
          .getBytes(StandardCharsets.UTF_8);
    };
    String fileName = format == CitationFormat.CITATION_CFF ? CitationCff.FILE_NAME
        : baseName(metadata) + "." + format.extension();
    String mediaType = format == CitationFormat.BIBLIOGRAPHY ? format.mediaType() + "; charset=UTF-8"
        : format.mediaType();
    return new RenderedCitation(format, mediaType, fileName, body);
  }

  /** Checks a style name up front (e.g. when a request arrives) without rendering. */
  public String resolveStyle(String style) {
    return bibliography.resolveStyle(style);
  }

  private static String baseName(DoiMetadata m) {
    String id = m.doi() != null ? m.doi().toString() : m.digest().orElse("image");
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static byte[] bytes(com.fasterxml.jackson.databind.JsonNode node) {
    try {
      return org.arca.core.image.OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write DataCite JSON", e);
    }
  }
}
