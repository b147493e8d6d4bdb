package org.arca.preservation.metadata;

/**
 * A dated event in the resource's life (created, issued, updated ...).
 *
 * @param date an RFC 3339 date or date-time, or a year
 * @param information free text about the date, or null
 */
public record MetadataDate(String date, DateType type, String information) {

  public MetadataDate {
    if (date == null || date.isBlank() || type == null) {
      throw new IllegalArgumentException("a date needs a value and a type");
    }
  }

  public MetadataDate(String date, DateType type) {
    this(date, type, null);
  }
}
