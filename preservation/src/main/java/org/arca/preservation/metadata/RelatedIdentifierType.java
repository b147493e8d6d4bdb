package org.arca.preservation.metadata;

/** DataCite 4.6 {@code relatedIdentifierType}: the scheme of a related identifier. */
public enum RelatedIdentifierType {
  ARK("ARK"),
  ARXIV("arXiv"),
  BIBCODE("bibcode"),
  CSTR("CSTR"),
  DOI("DOI"),
  EAN13("EAN13"),
  EISSN("EISSN"),
  HANDLE("Handle"),
  IGSN("IGSN"),
  ISBN("ISBN"),
  ISSN("ISSN"),
  ISTC("ISTC"),
  LISSN("LISSN"),
  LSID("LSID"),
  PMID("PMID"),
  PURL("PURL"),
  RRID("RRID"),
  UPC("UPC"),
  URL("URL"),
  URN("URN"),
  W3ID("w3id");

  private final String value;

  RelatedIdentifierType(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static RelatedIdentifierType of(String value) {
    for (RelatedIdentifierType candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite RelatedIdentifierType '" + value + "'");
  }
}
