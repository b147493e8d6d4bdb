package org.arca.search.recipe;

import java.util.Locale;

/**
 * A software package an image holds or its recipe installs.
 *
 * @param ecosystem where the package comes from: {@code deb}, {@code apk}, {@code conda}, {@code pypi}, {@code cran}
 *     for packages read from the layers; the recipe's installer ({@code apt}, {@code conda}, {@code pip} ...) for
 *     packages a recipe asks for
 * @param version the version, or null when the recipe does not pin one
 */
public record InstalledPackage(String ecosystem, String name, String version) {

  public InstalledPackage {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a package needs a name");
    }
    name = name.strip();
    version = version == null || version.isBlank() ? null : version.strip();
  }

  /** The name as the index matches it: lower case, since package managers treat names case-insensitively. */
  public String indexName() {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return version == null ? name : name + " " + version;
  }
}
