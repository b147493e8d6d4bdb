package org.arca.preservation.metadata;

/** A title; {@code type} is null for the main title, {@code lang} an optional BCP 47 tag. */
public record Title(String title, TitleType type, String lang) {

  public Title {
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("a title must not be empty");
    }
  }

  public Title(String title) {
    this(title, null, null);
  }
}
