package org.arca.core.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The label and annotation keys that describe an image, and the order in which they are trusted: the OCI keys
 * ({@code org.opencontainers.image.*}) first, then the BioContainers set ({@code about.summary},
 * {@code about.license}, {@code about.author}), then plain keys that recipes use ({@code description}, {@code license},
 * {@code Author} in an Apptainer {@code %labels}, {@code maintainer}, which replaced Docker's {@code MAINTAINER}).
 * Search indexes what these keys say and DOI records are drafted from them, so both features read them from here and
 * agree on what an image is about.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md">pre-defined annotation keys</a>
 */
public final class ImageLabels {
  public static final String OCI = "org.opencontainers.image.";
  public static final String TITLE = OCI + "title";
  public static final String DESCRIPTION = OCI + "description";
  public static final String AUTHORS = OCI + "authors";
  public static final String LICENSES = OCI + "licenses";
  public static final String VERSION = OCI + "version";
  public static final String SOURCE = OCI + "source";
  public static final String REVISION = OCI + "revision";
  public static final String CREATED = OCI + "created";
  public static final String URL = OCI + "url";
  public static final String DOCUMENTATION = OCI + "documentation";
  public static final String BASE_NAME = OCI + "base.name";
  public static final String BASE_DIGEST = OCI + "base.digest";

  /** Keys of a one-paragraph summary of what the image is for, most trusted first. */
  public static final List<String> SUMMARY_KEYS = List.of(DESCRIPTION, "about.summary", "description", "summary");

  /** Keys of the licence of the software in the image, most trusted first; only the OCI key promises SPDX. */
  public static final List<String> LICENSE_KEYS = List.of(LICENSES, "about.license", "license", "licence");

  /** Keys of a link to the documentation of the software in the image, most trusted first. */
  public static final List<String> DOCUMENTATION_KEYS = List.of(DOCUMENTATION, "about.documentation");

  /** Keys naming the people or organisation responsible for the image, most trusted first. */
  public static final List<String> AUTHOR_KEYS = List.of(AUTHORS, "about.author", "author", "authors", "maintainer");

  private ImageLabels() {}

  /**
   * The value of {@code key} in {@code labels}: the exact key, else one that differs only in case (recipes write
   * {@code Author} and {@code AUTHOR} alike). Blank values count as absent; the value is stripped.
   */
  public static Optional<String> value(Map<String, String> labels, String key) {
    String value = labels.get(key);
    if (value == null) {
      for (Map.Entry<String, String> entry : labels.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(key)) {
          value = entry.getValue();
          break;
        }
      }
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
