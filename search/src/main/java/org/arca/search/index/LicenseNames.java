package org.arca.search.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.image.LicenseLabels;

/**
 * The licence terms of the index: each label's licences as {@link LicenseLabels} spells them, so that
 * {@code license:GPL-3.0} finds them all and the licence facet counts one value per licence.
 *
 * <p>Each identifier is indexed with its families: {@code GPL-3.0-or-later} also as {@code gpl-3.0} and {@code gpl},
 * so a query may be as broad or as exact as the researcher needs.
 */
public final class LicenseNames {
  private LicenseNames() {}

  /** The identifiers a licence label names (several for {@code GPL-2+ | MIT}); see {@link LicenseLabels}. */
  public static List<String> identifiers(String label) {
    return LicenseLabels.identifiers(label);
  }

  /** One licence's identifier, or null for an empty one; see {@link LicenseLabels}. */
  public static String identifier(String text) {
    return LicenseLabels.identifier(text);
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
