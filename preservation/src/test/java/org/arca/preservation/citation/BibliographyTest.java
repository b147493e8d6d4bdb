package org.arca.preservation.citation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.arca.preservation.SampleRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BibliographyTest {
  private final Bibliography bibliography = new Bibliography();

  @ParameterizedTest
  @ValueSource(strings = {"apa", "chicago", "harvard", "ieee", "mla", "vancouver", "nature"})
  void namedStyle_rendersAuthorTitleYearAndDoi(String style) {
    String entry = bibliography.render(SampleRecords.full(), style, "en-US", Bibliography.Format.TEXT);
    assertTrue(entry.contains("Doe"), entry);
    assertTrue(entry.contains("Samtools"), entry);
    assertTrue(entry.contains("2026"), entry);
    assertTrue(entry.toLowerCase().contains("10.5072/arca-7qx3-k2m9"), entry);
  }

  @ParameterizedTest
  @ValueSource(strings = {"apa", "chicago", "harvard", "ieee", "mla", "vancouver", "nature"})
  void namedStyle_imageWithoutDoi_citesRegistryUrlWithDigest(String style) {
    String entry = bibliography.render(SampleRecords.minimal(), style, null, Bibliography.Format.TEXT);
    assertTrue(entry.contains("arca.example.org/cite/lab/analysis@" + SampleRecords.DIGEST), entry);
    assertTrue(entry.contains("lab/analysis"), entry);
  }

  @Test
  void apa_rendersTheExpectedEntry() {
    String entry = bibliography.render(SampleRecords.full(), "apa", "en-US", Bibliography.Format.TEXT);
    assertTrue(entry.startsWith("Doe, J., & Samtools Developers. (2026). Samtools (Version 1.19.2)"), entry);
    assertTrue(entry.endsWith("https://doi.org/10.5072/arca-7qx3-k2m9"), entry);
  }

  @Test
  void numberedStyle_dropsTheNumberOfTheLoneEntry() {
    String entry = bibliography.render(SampleRecords.full(), "ieee", null, Bibliography.Format.TEXT);
    assertTrue(entry.startsWith("J. Doe and Samtools Developers, Samtools."), entry);
  }

  @Test
  void fullCslStyleId_isAcceptedBesideShortNames() {
    assertEquals("elsevier-harvard", bibliography.resolveStyle("elsevier-harvard"));
    assertEquals("chicago-author-date", bibliography.resolveStyle("Chicago"));
  }

  @Test
  void unknownStyle_throwsClearError() {
    UnknownStyleException e = assertThrows(UnknownStyleException.class,
        () -> bibliography.render(SampleRecords.full(), "no-such-style", null, Bibliography.Format.TEXT));
    assertTrue(e.getMessage().contains("no-such-style"));
    assertTrue(e.getMessage().contains("apa"));
    assertThrows(UnknownStyleException.class, () -> bibliography.resolveStyle("../../etc/passwd"));
  }

  @Test
  void htmlFormat_rendersMarkup() {
    String entry = bibliography.render(SampleRecords.full(), "apa", null, Bibliography.Format.HTML);
    assertTrue(entry.contains("<div"), entry);
  }
}
