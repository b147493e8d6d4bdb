package org.arca.preservation.metadata;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An identifier of a creator, such as an ORCID iD. ORCID iDs are kept in their canonical URL form
 * {@code https://orcid.org/0000-0002-1825-0097}, as DataCite recommends.
 *
 * @see <a href="https://support.orcid.org/hc/en-us/articles/360006897674">ORCID iD structure and checksum</a>
 */
public record NameIdentifier(String identifier, String scheme, String schemeUri) {
  public static final String ORCID = "ORCID";
  public static final String ORCID_SCHEME_URI = "https://orcid.org";
  private static final Pattern ORCID_ID =
      Pattern.compile("(?:https?://(?:www\\.)?orcid\\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])");

  public NameIdentifier {
    if (identifier == null || identifier.isBlank() || scheme == null || scheme.isBlank()) {
      throw new IllegalArgumentException("a name identifier needs a value and a scheme");
    }
  }

  /** An ORCID iD from its bare form or URL; the check digit is verified so that a typo is caught at the edge. */
  public static NameIdentifier orcid(String text) {
    Matcher m = text == null ? null : ORCID_ID.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("invalid ORCID iD '" + text + "': expected 0000-0000-0000-000X");
    }
    String id = m.group(1);
    if (!orcidChecksumValid(id)) {
      throw new IllegalArgumentException("invalid ORCID iD " + id + ": check digit does not match");
    }
    return new NameIdentifier(ORCID_SCHEME_URI + "/" + id, ORCID, ORCID_SCHEME_URI);
  }

  /** Finds an ORCID iD anywhere in {@code text}, if one with a valid check digit is there. */
  public static java.util.Optional<NameIdentifier> findOrcid(String text) {
    Matcher m = Pattern.compile("[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]").matcher(text);
    while (m.find()) {
      if (orcidChecksumValid(m.group())) {
        return java.util.Optional.of(orcid(m.group()));
      }
    }
    return java.util.Optional.empty();
  }

  public boolean isOrcid() {
    return ORCID.equalsIgnoreCase(scheme);
  }

  /** ISO 7064 MOD 11-2 over the first 15 digits, as ORCID specifies. */
  static boolean orcidChecksumValid(String id) {
    String digits = id.replace("-", "");
    int total = 0;
    for (int i = 0; i < 15; i++) {
      total = (total + (digits.charAt(i) - '0')) * 2;
    }
    int result = (12 - total % 11) % 11;
    char expected = result == 10 ? 'X' : (char) ('0' + result);
    return digits.charAt(15) == expected;
  }
}
