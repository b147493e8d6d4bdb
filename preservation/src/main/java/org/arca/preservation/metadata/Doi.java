package org.arca.preservation.metadata;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DOI name, {@code <prefix>/<suffix>}: the prefix is {@code 10.} followed by dot-separated digits, the suffix any
 * printable characters. DOI names are case-insensitive; DataCite stores them in upper case, this record in lower
 * case, and {@link #equals} compares the normalised form.
 *
 * @see <a href="https://www.doi.org/the-identifier/resources/handbook/2_numbering">DOI Handbook, numbering</a>
 */
public record Doi(String prefix, String suffix) {
  private static final Pattern PREFIX = Pattern.compile("10\\.[0-9]{4,9}(?:\\.[0-9]+)*");
  private static final Pattern SUFFIX = Pattern.compile("[\\x21-\\x7e]+");
  private static final String RESOLVER = "https://doi.org/";

  public Doi {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("invalid DOI prefix '" + prefix + "': expected 10.<digits>");
    }
    if (suffix == null || !SUFFIX.matcher(suffix).matches()) {
      throw new IllegalArgumentException("invalid DOI suffix '" + suffix + "': expected printable ASCII without spaces");
    }
    suffix = suffix.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code 10.x/y}, also given as {@code doi:10.x/y} or a {@code https://doi.org/} URL. */
  public static Doi parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("missing DOI");
    }
    String bare = text.trim();
    for (String lead : new String[] {RESOLVER, "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"}) {
      if (bare.regionMatches(true, 0, lead, 0, lead.length())) {
        bare = bare.substring(lead.length());
        break;
      }
    }
    int slash = bare.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("invalid DOI '" + text + "': expected <prefix>/<suffix>");
    }
    return new Doi(bare.substring(0, slash), bare.substring(slash + 1));
  }

  /** The resolver URL, as DataCite asks DOIs to be displayed. */
  public String url() {
    return RESOLVER + this;
  }

  @Override
  public String toString() {
    return prefix + "/" + suffix;
  }
}
