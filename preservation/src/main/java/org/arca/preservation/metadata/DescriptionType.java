package org.arca.preservation.metadata;

/** DataCite 4.6 {@code descriptionType}. */
public enum DescriptionType {
  ABSTRACT("Abstract"),
  METHODS("Methods"),
  SERIES_INFORMATION("SeriesInformation"),
  TABLE_OF_CONTENTS("TableOfContents"),
  TECHNICAL_INFO("TechnicalInfo"),
  OTHER("Other");

  private final String value;

  DescriptionType(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static DescriptionType of(String value) {
    for (DescriptionType candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite DescriptionType '" + value + "'");
  }
}
