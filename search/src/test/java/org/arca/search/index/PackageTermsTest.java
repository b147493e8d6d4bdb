package org.arca.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.arca.search.recipe.InstalledPackage;
import org.junit.jupiter.api.Test;

class PackageTermsTest {

  @Test
  void of_debianVersion_indexesUpstreamPrefixesWithoutEpochOrRevision() {
    assertEquals(List.of("bash", "bash@5.2.15-2+b2", "bash@5.2.15", "bash@5.2", "bash@5"),
        PackageTerms.of(new InstalledPackage("deb", "bash", "5.2.15-2+b2")));
    assertEquals(List.of("tzdata", "tzdata@1:2024a-0+deb12u1", "tzdata@2024a-0+deb12u1", "tzdata@2024a"),
        PackageTerms.of(new InstalledPackage("deb", "tzdata", "1:2024a-0+deb12u1")));
  }

  @Test
  void of_unversionedPackage_onlyItsName() {
    assertEquals(List.of("samtools"), PackageTerms.of(new InstalledPackage("apt", "SAMtools", null)));
  }
}
