package org.arca.preservation.metadata;

/** DataCite 4.6 {@code nameType} of a creator. */
public enum NameType {
  ORGANIZATIONAL("Organizational"),
  PERSONAL("Personal");

  private final String value;

  NameType(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static NameType of(String value) {
    for (NameType candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite NameType '" + value + "'");
  }
}
