package org.arca.preservation.doi;

import java.time.Instant;

/**
 * Why and by whom a DOI was withdrawn. The DOI keeps resolving to a tombstone that shows this reason beside the
 * metadata, as DataCite asks of withdrawn content, and the image it names is no longer served.
 *
 * @param by the curator's account name
 */
public record Withdrawal(String reason, String by, Instant at) {

  public Withdrawal {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a withdrawal needs a reason, shown on the DOI's tombstone page");
    }
    if (by == null || by.isBlank() || at == null) {
      throw new IllegalArgumentException("a withdrawal records who withdrew the DOI and when");
    }
    reason = reason.strip();
  }
}
