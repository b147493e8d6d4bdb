package org.arca.preservation.citation;

import java.util.Locale;
import java.util.Optional;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.datacite.DataCiteXml;

/**
 * The formats a record can be had in, by the media types of DOI content negotiation, with the file name extension a
 * download should carry.
 */
public enum CitationFormat {
  DATACITE_XML(DataCiteXml.MEDIA_TYPE, "datacite.xml"),
  DATACITE_JSON(DataCiteJson.MEDIA_TYPE, "datacite.json"),
  CSL_JSON(CslJson.MEDIA_TYPE, "csl.json"),
  BIBTEX(BibTex.MEDIA_TYPE, "bib"),
  RIS(Ris.MEDIA_TYPE, "ris"),
  SCHEMA_ORG(SchemaOrgJsonLd.MEDIA_TYPE, "jsonld"),
  CITATION_CFF(CitationCff.MEDIA_TYPE, "cff"),
  BIBLIOGRAPHY(Bibliography.MEDIA_TYPE, "txt");

  private final String mediaType;
  private final String extension;

  CitationFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /**
   * The format a media type or short name asks for ({@code application/x-bibtex}, {@code bibtex}, {@code ris},
   * {@code cff}, {@code application/ld+json} ...).
   */
  public static Optional<CitationFormat> of(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    int semicolon = n.indexOf(';');
    if (semicolon >= 0) {
      n = n.substring(0, semicolon).trim();
    }
    for (CitationFormat f : values()) {
      if (f.mediaType.equals(n) || f.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.ofNullable(switch (n) {
      case "datacite", "xml", "application/xml" -> DATACITE_XML;
      case "csl", "citeproc", "application/citeproc+json" -> CSL_JSON;
      case "bib", "text/x-bibtex" -> BIBTEX;
      case "schemaorg", "json-ld", "jsonld", "application/ld+json" -> SCHEMA_ORG;
      case "cff", "citation.cff", "application/yaml", "text/yaml" -> CITATION_CFF;
      case "text", "citation", "text/plain" -> BIBLIOGRAPHY;
      default -> null;
    });
  }
}
