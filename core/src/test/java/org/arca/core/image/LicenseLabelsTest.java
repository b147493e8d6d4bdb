package org.arca.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LicenseLabelsTest {

  @ParameterizedTest
  @CsvSource({"GPL-2+, GPL-2.0-or-later", "GPL-3, GPL-3.0-only", "Expat, MIT", "BSD-3-clause, BSD-3-Clause",
      "SPDX:Apache-2.0, Apache-2.0", "SPDX:CC-BY-4.0, CC-BY-4.0", "LGPL-2.1+, LGPL-2.1-or-later",
      "Artistic-2.0, Artistic-2.0"})
  void spdx_labelThatNamesOneLicence_givesItsSpdxId(String label, String id) {
    assertEquals(Optional.of(id), LicenseLabels.spdx(label));
  }

  @ParameterizedTest
  @CsvSource({"GPL", "BSDlike", "PD", "public_domain", "other", "CeCILL", "PacBio-BSD-3-Clause", "Artistic"})
  void spdx_labelThatNamesNoExactLicence_givesNothing(String label) {
    assertEquals(Optional.empty(), LicenseLabels.spdx(label));
  }

  @Test
  void licences_splitAsWritten() {
    assertEquals(List.of("GPL-2+", "Expat"), LicenseLabels.licences("GPL-2+ | Expat"));
    assertEquals(List.of("GPL-2.0-or-later", "MIT"), LicenseLabels.identifiers("GPL-2+ | Expat"));
  }

  @Test
  void imageLabelsValue_matchesKeysWhateverTheirCaseAndSkipsBlanks() {
    Map<String, String> labels = Map.of("AUTHOR", " Thomas Cokelaer ", "about.summary", " ");
    assertEquals(Optional.of("Thomas Cokelaer"), ImageLabels.value(labels, "author"));
    assertEquals(Optional.empty(), ImageLabels.value(labels, "about.summary"));
  }
}
