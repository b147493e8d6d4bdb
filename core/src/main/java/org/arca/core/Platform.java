package org.arca.core;

import java.util.List;

/**
 * The platform of an image in an index: operating system and CPU architecture, with optional variant.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md">image index</a>
 */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {

  public Platform {
    osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
  }

  public Platform(String os, String architecture) {
    this(os, architecture, null, null, null);
  }

  /** {@code os/architecture[/variant]}, as clients print a platform. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null || variant.isEmpty() ? "" : "/" + variant);
  }
}
