package org.arca.core;

import java.util.regex.Pattern;

/**
 * A repository or tag pattern, as retention policies and the converter's policy write them: {@code *} matches within one path segment (no {@code /}), {@code **} across segments,
 * {@code ?} one character; everything else matches itself. {@code lab/**} matches {@code lab/a} and {@code lab/a/b}
 * but not {@code lab} itself; {@code **} alone matches every repository.
 */
public record Glob(String pattern) {
  public Glob {
    if (pattern == null || pattern.isBlank() || pattern.length() > 255) {
      throw new IllegalArgumentException("a pattern must have 1 to 255 characters");
    }
  }

  public boolean matches(String text) {
    return regex().matcher(text).matches();
  }

  /** The pattern as a regular expression over the whole name. */
  public Pattern regex() {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return pattern;
  }
}
