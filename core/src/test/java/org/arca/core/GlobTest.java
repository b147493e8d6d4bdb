package org.arca.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "lab/*, lab/tool, true",
      "lab/*, lab/tool/x, false",
      "lab/*, labs/tool, false",
      "lab/**, lab/tool/x, true",
      "lab/**, lab, false",
      "**, a/b/c, true",
      "pr-?, pr-7, true",
      "pr-?, pr-17, false",
      "v1.0, v1x0, false"})
  void starStaysInASegment_doubleStarCrossesThem_restIsLiteral(String pattern, String name, boolean matches) {
    assertEquals(matches, new Glob(pattern).matches(name));
  }
}
