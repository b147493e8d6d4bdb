package org.arca.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"alpine", "library/alpine", "biocontainers/samtools", "a/b/c/d", "my-org/my__repo",
      "a.b_c/d--e", "0/1"})
  void parse_valid_keepsTheName(String text) {
    assertEquals(text, RepositoryName.parse(text).value());
    assertTrue(RepositoryName.isValid(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/alpine", "alpine/", "Alpine", "a//b", "../etc", "a/../b", "a/./b", "-a", "a-",
      "a___b", "a..b", "a b", "a/b:tag", "a\u00e9"})
  void parse_invalid_throwsNameInvalid(String text) {
    RegistryException e = assertThrows(RegistryException.class, () -> RepositoryName.parse(text));
    assertEquals(OciError.NAME_INVALID, e.error());
    assertFalse(RepositoryName.isValid(text));
  }

  @Test
  void parse_over255Characters_throwsNameInvalid() {
    String name = "a".repeat(200) + "/" + "b".repeat(55);
    assertEquals(256, name.length());
    assertEquals(OciError.NAME_INVALID, assertThrows(RegistryException.class, () -> RepositoryName.parse(name)).error());
    assertEquals(255, RepositoryName.parse(name.substring(1)).value().length());
  }

  @Test
  void namespace_isTheFirstComponent() {
    assertEquals("biocontainers", RepositoryName.parse("biocontainers/samtools").namespace());
    assertEquals("alpine", RepositoryName.parse("alpine").namespace());
  }

  @Test
  void tag_validAndInvalid() {
    assertEquals("v1.0_rc-2", Tag.parse("v1.0_rc-2").value());
    assertEquals(128, Tag.parse("a".repeat(128)).value().length());
    for (String bad : new String[] {"", ".hidden", "-x", "a/b", "a:b", "a".repeat(129)}) {
      assertEquals(OciError.MANIFEST_INVALID, assertThrows(RegistryException.class, () -> Tag.parse(bad)).error());
    }
  }
}
