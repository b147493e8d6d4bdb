package org.arca.web;

import java.util.Locale;

/** Byte counts as people read them: 1.4 MB, 312 kB (decimal units, as registries and browsers show them). */
final class Sizes {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB"};

  private Sizes() {}

  static String readable(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value,
        UNITS[unit]);
  }
}
