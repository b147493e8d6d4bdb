package org.arca.search.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.arca.search.recipe.InstalledPackage;

/**
 * The terms a package is found by: {@code name}, {@code name@version}, and {@code name@} each shorter form of the
 * version a researcher may type: without the Debian epoch or revision, and each dotted prefix of the upstream
 * version. So {@code bash 5.2.15-2+b2} is found by {@code package:bash@5.2.15-2+b2}, {@code @5.2.15}, {@code @5.2} and
 * {@code @5}, but {@code package:samtools@1.1} does not find samtools 1.17.
 */
public final class PackageTerms {

  private PackageTerms() {}

  public static List<String> of(InstalledPackage p) {
    String name = p.indexName();
    Set<String> terms = new LinkedHashSet<>();
    terms.add(name);
    if (p.version() != null) {
      for (String version : versionForms(p.version())) {
        terms.add(name + "@" + version);
      }
    }
    return new ArrayList<>(terms);
  }

  static List<String> versionForms(String version) {
    Set<String> forms = new LinkedHashSet<>();
    String v = version.strip().toLowerCase(Locale.ROOT);
    forms.add(v);
    int colon = v.indexOf(':');
    if (colon > 0 && v.substring(0, colon).chars().allMatch(Character::isDigit)) {
      v = v.substring(colon + 1); // Debian epoch
      forms.add(v);
    }
    // upstream version: up to the Debian revision, conda build string, or local/build suffix
    int end = v.length();
    for (char separator : new char[] {'-', '+', '~', '_'}) {
      int at = v.indexOf(separator);
      if (at > 0 && at < end) {
        end = at;
      }
    }
    String upstream = v.substring(0, end);
    forms.add(upstream);
    int dot = upstream.lastIndexOf('.');
    while (dot > 0) {
      upstream = upstream.substring(0, dot);
      forms.add(upstream);
      dot = upstream.lastIndexOf('.');
    }
    return new ArrayList<>(forms);
  }
}
