package org.arca.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LicenseNamesTest {

  @ParameterizedTest
  @CsvSource({
      "GPL-3+, GPL-3.0-or-later", "SPDX:GPL-3.0-only, GPL-3.0-only", "GPL-3, GPL-3.0-only", "GPLv3, GPL-3.0-only",
      "GPL-2.0+, GPL-2.0-or-later", "LGPL-2.1+, LGPL-2.1-or-later", "AGPL-3, AGPL-3.0-only", "GPL, GPL",
      "Expat, MIT", "SPDX:MIT, MIT", "BSD-3-clause, BSD-3-Clause", "Apache 2.0, Apache-2.0",
      "SPDX:Apache-2.0, Apache-2.0", "Artistic-2.0, Artistic-2.0", "PD, Public-Domain", "public_domain, Public-Domain",
      "'GNU General Public License v3.0', GPL-3.0-only", "CeCILL, CeCILL"})
  void identifier_commonSpellings_mapToOneIdentifier(String label, String expected) {
    assertEquals(expected, LicenseNames.identifier(label));
  }

  @Test
  void identifiers_severalLicences_splitOnSeparators() {
    assertEquals(List.of("GPL-2.0-or-later", "MIT"), LicenseNames.identifiers("GPL-2+ | Expat"));
  }

  @Test
  void terms_versionedLicence_indexedWithItsFamilies() {
    assertEquals(List.of("gpl-3.0-or-later", "gpl-3.0", "gpl"), LicenseNames.terms("GPL-3.0-or-later"));
  }

  @ParameterizedTest
  @CsvSource({"GPL-3.0, gpl-3.0", "GPL-3, gpl-3.0", "GPL-3+, gpl-3.0-or-later", "gpl-3.0-only, gpl-3.0-only",
      "mit, mit", "expat, mit"})
  void queryTerm_withoutQualifier_findsTheFamily(String query, String term) {
    assertEquals(term, LicenseNames.queryTerm(query));
  }
}
