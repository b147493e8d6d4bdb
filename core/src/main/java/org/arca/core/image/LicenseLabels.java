package org.arca.core.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the many spellings of a licence in labels ({@code GPL-3+}, {@code SPDX:GPL-3.0-only}, {@code GPLv3},
 * {@code Expat}, {@code BSD-3-clause}) to SPDX-style identifiers. BioContainers' {@code about.license} is written in
 * Debian's spelling rather than SPDX's, so search (one facet value per licence) and DOI records (a link to the SPDX
 * page) both read licence labels through here.
 */
public final class LicenseLabels {
  private static final Pattern SPLIT = Pattern.compile("\\s+(?:or|and|OR|AND)\\s+|\\s*[|,;&]\\s*|\\s+/\\s+");
  private static final Pattern GNU = Pattern.compile(
      "(A|L|AFFERO |LESSER |LIBRARY )?(?:GNU[ -]?)?(?:GPL|GENERAL PUBLIC LICEN[CS]E)[-_ ]?V?(\\d)?(?:\\.(\\d))?"
          + "(\\+|-OR-LATER| OR LATER|-ONLY| ONLY)?.*");
  private static final Pattern BSD = Pattern.compile("BSD[-_ ]?(\\d)[-_ ]?CLAUSE.*");
  private static final Pattern APACHE = Pattern.compile("APACHE(?:[-_ ]?(?:LICEN[CS]E)?[-_ ,]*(?:V(?:ERSION)?)?[-_ ]?(\\d)(?:\\.(\\d))?)?.*");
  private static final Pattern ARTISTIC = Pattern.compile("ARTISTIC(?:[-_ ]?(\\d)(?:\\.(\\d))?)?.*");
  private static final Pattern MPL = Pattern.compile("MPL[-_ ]?(\\d)(?:\\.(\\d))?.*");
  /** What {@link #identifier} makes of the licences it recognises when the label names a version. */
  private static final Pattern SPDX_ID = Pattern.compile(
      "(A|L)?GPL-\\d\\.\\d-(only|or-later)|BSD-\\d-Clause|MIT|(Apache|Artistic|MPL)-\\d\\.\\d");
  private static final Pattern SPDX_PREFIXED = Pattern.compile("(?i)spdx:\\s*([A-Za-z0-9][A-Za-z0-9.+-]*)");

  private LicenseLabels() {}

  /** The identifiers a licence label names (several for {@code GPL-2+ | MIT}). */
  public static List<String> identifiers(String label) {
    Set<String> ids = new LinkedHashSet<>();
    for (String part : licences(label)) {
      String id = identifier(part);
      if (id != null) {
        ids.add(id);
      }
    }
    return new ArrayList<>(ids);
  }

  /** The licences a label names, each as written ({@code GPL-2+ | Expat} names {@code GPL-2+} and {@code Expat}). */
  public static List<String> licences(String label) {
    if (label == null || label.isBlank()) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    for (String part : SPLIT.split(label.strip())) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }

  /**
   * The SPDX licence id that one licence's text names, when it surely names one: the text says {@code SPDX:} before
   * it, or it is a licence recognised here with its version ({@code GPL-2+}, {@code Expat}, {@code BSD-3-clause}).
   * Empty for texts that name no exact licence ({@code GPL}, {@code BSDlike}, {@code PD}, {@code other}), which a
   * record keeps as words, since a link to a licence that the label never named would misstate the rights.
   */
  public static Optional<String> spdx(String text) {
    Matcher prefixed = SPDX_PREFIXED.matcher(text.strip());
    String id = identifier(text);
    if (prefixed.matches()) {
      return Optional.of(SPDX_ID.matcher(id).matches() ? id : prefixed.group(1));
    }
    return id != null && SPDX_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
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
}
