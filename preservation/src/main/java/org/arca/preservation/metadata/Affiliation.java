package org.arca.preservation.metadata;

/**
 * An organisational affiliation of a creator, optionally identified (e.g. by ROR).
 *
 * @param identifier e.g. {@code https://ror.org/04wxnsj81}, or null
 * @param scheme e.g. {@code ROR}, or null
 * @param schemeUri e.g. {@code https://ror.org}, or null
 */
public record Affiliation(String name, String identifier, String scheme, String schemeUri) {

  public Affiliation {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an affiliation needs a name");
    }
  }

  public Affiliation(String name) {
    this(name, null, null, null);
  }

  /** An affiliation identified by its ROR id URL. */
  public static Affiliation ror(String name, String rorUrl) {
    return new Affiliation(name, rorUrl, "ROR", "https://ror.org");
  }
}
