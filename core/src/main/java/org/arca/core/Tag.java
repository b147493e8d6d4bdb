package org.arca.core;

import java.util.regex.Pattern;

/**
 * A tag: at most 128 characters of {@code [a-zA-Z0-9_][a-zA-Z0-9._-]*}.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests">tags</a>
 */
public record Tag(String value) implements Reference {
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (value == null || !TAG.matcher(value).matches()) {
      throw new RegistryException(OciError.MANIFEST_INVALID,
          "invalid tag " + (value == null ? "(none)" : Digest.shorten(value))
              + ": a tag is 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
  }

  public static Tag parse(String text) {
    return new Tag(text);
  }

  /** Whether {@code text} is a valid tag, without building one. */
  public static boolean isValid(String text) {
    return text != null && TAG.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
