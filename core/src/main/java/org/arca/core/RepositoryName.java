package org.arca.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A repository name such as {@code biocontainers/samtools}: path components of lower-case letters and digits joined
 * by single separators, at most 255 characters in all. A valid name can never climb out of a directory ({@code ..}),
 * start with {@code /} or hold upper case, so it is safe to use in paths and keys.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests">names</a>
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
  public static final int MAX_LENGTH = 255;
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    if (value == null || value.isEmpty()) {
      throw new RegistryException(OciError.NAME_INVALID, "invalid repository name: empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new RegistryException(OciError.NAME_INVALID,
          "invalid repository name " + Digest.shorten(value) + ": " + value.length() + " characters, at most "
              + MAX_LENGTH + " allowed");
    }
    if (!NAME.matcher(value).matches()) {
      throw new RegistryException(OciError.NAME_INVALID,
          "invalid repository name " + Digest.shorten(value)
              + ": use lower-case letters and digits in components separated by '/', joined within a component by"
              + " '.', '_', '__' or '-'");
    }
  }

  public static RepositoryName parse(String text) {
    return new RepositoryName(text);
  }

  /** Whether {@code text} is a valid name, without building one. */
  public static boolean isValid(String text) {
    return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH && NAME.matcher(text).matches();
  }

  /** The first path component: a user's or an organization's name. */
  public String namespace() {
    int slash = value.indexOf('/');
    return slash < 0 ? value : value.substring(0, slash);
  }

  public List<String> components() {
    return List.of(value.split("/"));
  }

  @Override
  public int compareTo(RepositoryName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
