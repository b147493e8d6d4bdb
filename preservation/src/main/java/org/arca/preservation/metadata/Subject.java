package org.arca.preservation.metadata;

/** A subject or keyword, optionally from a classification scheme. */
public record Subject(String subject, String scheme, String schemeUri, String valueUri) {

  public Subject {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a subject must not be empty");
    }
  }

  /** A free keyword. */
  public Subject(String subject) {
    this(subject, null, null, null);
  }
}
