package org.arca.search.query;

import java.util.Comparator;
import java.util.List;

/**
 * Picks the tag a hit shows: the tag the image's DOI cites if it still has it (what readers of the paper look for),
 * else {@code latest} if present, else the highest version ({@code 1.10} above {@code 1.9}), comparing runs of digits
 * as numbers.
 */
final class TagOrder {
  static final Comparator<String> VERSIONS = TagOrder::compare;

  private TagOrder() {}

  static String shown(List<String> tags, String citedTag) {
    if (tags.isEmpty()) {
      return null;
    }
    if (citedTag != null && tags.contains(citedTag)) {
      return citedTag;
    }
    if (tags.contains("latest")) {
      return "latest";
    }
    return tags.stream().max(VERSIONS).orElse(null);
  }

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
