package org.arca.preservation.metadata;

/** A description of the resource, e.g. its abstract or technical information. */
public record Description(String description, DescriptionType type) {

  public Description {
    if (description == null || description.isBlank() || type == null) {
      throw new IllegalArgumentException("a description needs text and a type");
    }
  }
}
