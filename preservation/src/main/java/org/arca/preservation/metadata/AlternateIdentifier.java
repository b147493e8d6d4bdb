package org.arca.preservation.metadata;

/**
 * Another identifier of the same resource. For an image this is its manifest digest, type
 * {@value #OCI_DIGEST}: the one identifier that names the exact bytes whatever registry serves them.
 */
public record AlternateIdentifier(String identifier, String type) {
  public static final String OCI_DIGEST = "OCI manifest digest";
  public static final String IMAGE_REFERENCE = "OCI image reference";
  /** A DOI reserved here that no registration agency knows yet, so it does not resolve (see {@link DoiMetadata}). */
  public static final String UNREGISTERED_DOI = "DOI, not registered";

  public AlternateIdentifier {
    if (identifier == null || identifier.isBlank() || type == null || type.isBlank()) {
      throw new IllegalArgumentException("an alternate identifier needs a value and a type");
    }
  }
}
