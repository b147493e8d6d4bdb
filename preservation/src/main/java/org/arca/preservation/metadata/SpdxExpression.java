package org.arca.preservation.metadata;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.arca.core.image.ImageLabels;
import org.arca.core.image.LicenseLabels;

/**
 * Splits an SPDX licence expression ({@code Apache-2.0 AND (MIT OR GPL-2.0-only WITH Classpath-exception-2.0)}) into
 * one rights entry per licence, as DataCite lists rights. Exceptions stay attached to their licence's text;
 * {@code NOASSERTION} and {@code NONE} say nothing about rights and are dropped.
 *
 * @see <a href="https://spdx.github.io/spdx-spec/v2.3/SPDX-license-expressions/">SPDX license expressions</a>
 */
final class SpdxExpression {

  private SpdxExpression() {}

  /**
   * The rights a licence label states: an SPDX expression for the OCI key, which promises one; otherwise free
   * spelling (BioContainers' {@code about.license} is Debian's {@code GPL-2+}, {@code Expat}), where each licence
   * that surely names an SPDX licence becomes one and any other keeps its words without a link.
   */
  static List<Rights> rights(String key, String label) {
    if (ImageLabels.LICENSES.equals(key)) {
      return rights(label);
    }
    Set<Rights> rights = new LinkedHashSet<>();
    for (String licence : LicenseLabels.licences(label)) {
      rights.add(LicenseLabels.spdx(licence).map(Rights::spdx).orElseGet(() -> new Rights(licence, null, null, null,
          null)));
    }
    return new ArrayList<>(rights);
  }

  static List<Rights> rights(String expression) {
    if (expression == null || expression.isBlank()) {
      return List.of();
    }
    Set<String> ids = new LinkedHashSet<>();
    String[] tokens = expression.replace("(", " ").replace(")", " ").trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.equalsIgnoreCase("WITH")) {
        i++; // the exception modifies the licence before it
      } else if (!token.equalsIgnoreCase("AND") && !token.equalsIgnoreCase("OR")
          && !token.equals("NOASSERTION") && !token.equals("NONE")) {
        ids.add(token);
      }
    }
    List<Rights> rights = new ArrayList<>();
    for (String id : ids) {
      if (id.startsWith("LicenseRef-") || id.startsWith("DocumentRef-")) {
        rights.add(new Rights(id, null, null, null, null)); // a local licence reference: no SPDX page to link
      } else {
        try {
          rights.add(Rights.spdx(id));
        } catch (IllegalArgumentException e) {
          rights.add(new Rights(id, null, null, null, null));
        }
      }
    }
    return rights;
  }
}
