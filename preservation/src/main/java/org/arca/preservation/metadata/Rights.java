package org.arca.preservation.metadata;

import java.util.regex.Pattern;

/**
 * A rights statement. Images carry the licence in {@code org.opencontainers.image.licenses} as an SPDX expression;
 * each licence id becomes one entry identified in the SPDX scheme.
 *
 * @see <a href="https://spdx.org/licenses/">SPDX License List</a>
 */
public record Rights(String rights, String rightsUri, String rightsIdentifier, String rightsIdentifierScheme,
    String schemeUri) {
  public static final String SPDX = "SPDX";
  public static final String SPDX_SCHEME_URI = "https://spdx.org/licenses/";
  private static final Pattern SPDX_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");

  public Rights {
    if (rights == null || rights.isBlank()) {
      throw new IllegalArgumentException("a rights statement must not be empty");
    }
  }

  /** The entry for one SPDX licence id, e.g. {@code Apache-2.0}. */
  public static Rights spdx(String licenseId) {
    if (licenseId == null || !SPDX_ID.matcher(licenseId).matches()) {
      throw new IllegalArgumentException("invalid SPDX licence id '" + licenseId + "'");
    }
    return new Rights(licenseId, SPDX_SCHEME_URI + licenseId + ".html", licenseId, SPDX, SPDX_SCHEME_URI);
  }

  /** Whether this is an SPDX licence. */
  public boolean isSpdx() {
    return SPDX.equalsIgnoreCase(rightsIdentifierScheme) && rightsIdentifier != null;
  }
}
