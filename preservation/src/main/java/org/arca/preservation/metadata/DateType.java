package org.arca.preservation.metadata;

/** DataCite 4.6 {@code dateType}. */
public enum DateType {
  ACCEPTED("Accepted"),
  AVAILABLE("Available"),
  COPYRIGHTED("Copyrighted"),
  COLLECTED("Collected"),
  COVERAGE("Coverage"),
  CREATED("Created"),
  ISSUED("Issued"),
  SUBMITTED("Submitted"),
  UPDATED("Updated"),
  VALID("Valid"),
  WITHDRAWN("Withdrawn"),
  OTHER("Other");

  private final String value;

  DateType(String value) {
    this.value = value;
  }

  /** The value as DataCite XML and JSON spell it. */
  public String value() {
    return value;
  }

  /** The constant DataCite spells {@code value} (case-insensitively, as DataCite's own API accepts). */
  public static DateType of(String value) {
    for (DateType candidate : values()) {
      if (candidate.value.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("unknown DataCite DateType '" + value + "'");
  }
}
