package org.arca.search.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the many spellings of a licence in labels ({@code GPL-3+}, {@code SPDX:GPL-3.0-only}, {@code GPLv3},
 * {@code Expat}, {@code BSD-3-clause}) to SPDX-style identifiers, so that {@code license:GPL-3.0} finds them all and
 * the licence facet counts one value per licence.
 *
 * <p>Each identifier is indexed with its families: {@code GPL-3.0-or-later} also as {@code gpl-3.0} and {@code gpl},
 * so a query may be as broad or as exact as the researcher needs.
 */
public final class LicenseNames {
  private static final Pattern SPLIT = Pattern.compile("\\s+(?:or|and|OR|AND)\\s+|\\s*[|,;&]\\s*|\\s+/\\s+");
  private static final Pattern GNU = Pattern.compile(
      "(A|L|AFFERO |LESSER |LIBRARY )?(?:GNU[ -]?)?(?:GPL|GENERAL PUBLIC LICEN[CS]E)[-_ ]?V?(\\d)?(?:\\.(\\d))?"
          + "(\\+|-OR-LATER| OR LATER|-ONLY| ONLY)?.*");
  private static final Pattern BSD = Pattern.compile("BSD[-_ ]?(\\d)[-_ ]?CLAUSE.*");
  private static final Pattern APACHE = Pattern.compile("APACHE(?:[-_ ]?(?:LICEN[CS]E)?[-_ ,]*(?:V(?:ERSION)?)?[-_ ]?(\\d)(?:\\.(\\d))?)?.*");
  private static final Pattern ARTISTIC = Pattern.compile("ARTISTIC(?:[-_ ]?(\\d)(?:\\.(\\d))?)?.*");
  private static final Pattern MPL = Pattern.compile("MPL[-_ ]?(\\d)(?:\\.(\\d))?.*");

  private LicenseNames() {}

  /** The identifiers a licence label names (several for {@code GPL-2+ | MIT}). */
  public static List<String> identifiers(String label) {
    if (label == null || label.isBlank()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String part : SPLIT.split(label.strip())) {
      String id = identifier(part);
      if (id != null) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }

  /** One licence's identifier, or null for an empty one. */
  public static String identifier(String text) {
    String t = text.strip().replaceFirst("(?i)^spdx:", "").replaceAll("^[(\"']+|[)\"']+$", "").strip();
    if (t.isEmpty()) {
      return null;
    }
    String u = t.toUpperCase(Locale.ROOT);
    Matcher m = GNU.matcher(u);
    if (m.matches() && !u.startsWith("LGPLLR")) {
      String prefix = m.group(1) == null ? "" : m.group(1).strip().startsWith("A") ? "AGPL" : "LGPL";
      String family = prefix.isEmpty() ? "GPL" : prefix;
      if (m.group(2) == null) {
        return family;
      }
      String version = m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
      String suffix = m.group(4) == null || m.group(4).contains("ONLY") ? "-only" : "-or-later";
      return family + "-" + version + suffix;
    }
    m = BSD.matcher(u);
    if (m.matches()) {
      return "BSD-" + m.group(1) + "-Clause";
    }
    if (u.equals("EXPAT") || u.equals("MIT") || u.startsWith("MIT ") || u.equals("MIT LICENSE")) {
      return "MIT";
    }
    m = APACHE.matcher(u);
    if (m.matches()) {
      return m.group(1) == null ? "Apache" : "Apache-" + m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2));
    }
    m = ARTISTIC.matcher(u);
    if (m.matches()) {
      return m.group(1) == null ? "Artistic" : "Artistic-" + m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2));
    }
    m = MPL.matcher(u);
    if (m.matches()) {
      return "MPL-" + m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2));
    }
    if (u.equals("PD") || u.replace('_', ' ').replace('-', ' ').equals("PUBLIC DOMAIN")) {
      return "Public-Domain";
    }
    if (u.startsWith("BSD")) {
      return "BSD";
    }
    return t.replace(' ', '-');
  }

  /** The index terms of one identifier: itself and its families, lower case. */
  public static List<String> terms(String identifier) {
    String id = identifier.toLowerCase(Locale.ROOT);
    Set<String> terms = new LinkedHashSet<>();
    terms.add(id);
    String versioned = id.replaceFirst("-(only|or-later)$", "");
    terms.add(versioned);
    Matcher family = Pattern.compile("([a-z]+)-\\d.*").matcher(versioned);
    if (family.matches() && !versioned.startsWith("bsd-")) {
      terms.add(family.group(1));
    }
    return new ArrayList<>(terms);
  }

  /**
   * The term a {@code license:} query looks for: the exact identifier when the query says {@code -only},
   * {@code -or-later} or {@code +}; otherwise the family, so {@code license:GPL-3} finds GPL-3.0 in either form.
   */
  public static String queryTerm(String value) {
    String id = identifier(value);
    if (id == null) {
      return "";
    }
    String lower = value.toLowerCase(Locale.ROOT);
    boolean exact = lower.endsWith("-only") || lower.endsWith("+") || lower.endsWith("-or-later");
    String term = id.toLowerCase(Locale.ROOT);
    return exact ? term : term.replaceFirst("-(only|or-later)$", "");
  }
}
