package org.arca.preservation.doi;

import java.util.Locale;

/**
 * The DataCite life cycle of a DOI: a draft can still be deleted; a registered DOI resolves but is not indexed; a
 * findable DOI resolves and is searchable. Withdrawing ("hide") a findable DOI makes it registered again: a DOI,
 * once registered, never stops resolving.
 *
 * @see <a href="https://support.datacite.org/docs/doi-states">DataCite DOI states</a>
 */
public enum DoiState {
  DRAFT, REGISTERED, FINDABLE;

  /** DataCite's spelling: {@code draft}, {@code registered}, {@code findable}. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DoiState of(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
