package org.arca.preservation.doi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.arca.core.RepositoryName;
import org.arca.preservation.SampleRecords;
import org.junit.jupiter.api.Test;

class DoiSuffixesTest {
  private static final RepositoryName REPO = RepositoryName.parse("biocontainers/samtools");

  @Test
  void imageSuffix_isDeterministicShortGroupedBase32() {
    String suffix = DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 0);
    assertEquals(suffix, DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 0));
    assertTrue(suffix.matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}"), suffix);
    assertTrue(DoiSuffixes.isValid(suffix));
  }

  @Test
  void differentImagesOrRepositories_getDifferentSuffixes() {
    String a = DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 0);
    assertNotEquals(a, DoiSuffixes.forImage(REPO, SampleRecords.BASE_DIGEST, 0));
    assertNotEquals(a, DoiSuffixes.forImage(RepositoryName.parse("other/samtools"), SampleRecords.DIGEST, 0));
    assertNotEquals(a, DoiSuffixes.forConcept(REPO, 0));
  }

  @Test
  void laterAttempt_isLongerAndStillValid() {
    String retry = DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 1);
    assertTrue(retry.length() > DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 0).length());
    assertTrue(DoiSuffixes.isValid(retry));
  }

  @Test
  void mistypedSuffix_failsChecksum() {
    String suffix = DoiSuffixes.forImage(REPO, SampleRecords.DIGEST, 0);
    char c = suffix.charAt(2);
    String typo = suffix.substring(0, 2) + (c == 'a' ? 'b' : 'a') + suffix.substring(3);
    assertFalse(DoiSuffixes.isValid(typo));
    String swapped = suffix.substring(0, 1) + suffix.charAt(2) + suffix.charAt(1) + suffix.substring(3);
    assertTrue(suffix.charAt(1) == suffix.charAt(2) || !DoiSuffixes.isValid(swapped));
    assertTrue(DoiSuffixes.isValid(suffix.toUpperCase()));
  }
}
