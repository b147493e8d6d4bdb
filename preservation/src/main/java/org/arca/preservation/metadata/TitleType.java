package org.arca.preservation.metadata;

/** DataCite 4.6 {@code titleType} (a title without type is the main title). */
public enum TitleType {
  ALTERNATIVE_TITLE("AlternativeTitle"),
  SUBTITLE("Subtitle"),
  TRANSLATED_TITLE("TranslatedTitle"),
  OTHER("Other");

  private final String value;

  TitleType(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static TitleType of(String value) {
    for (TitleType candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite TitleType '" + value + "'");
  }
}
