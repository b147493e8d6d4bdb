package org.arca.registry.vetting;

import java.util.Locale;

/**
 * A vulnerability's severity as Trivy reports it ({@code Results[].Vulnerabilities[].Severity}), lowest first.
 * {@code UNKNOWN} ranks lowest, as Trivy orders it; {@code NONE} is only a policy's maximum: no finding at all.
 */
enum Severity {
  NONE, UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL;

  static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("severity \"" + text + "\" is not one of none, unknown, low, medium, high,"
          + " critical");
    }
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
