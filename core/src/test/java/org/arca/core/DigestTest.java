package org.arca.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parse_sha256_keepsAlgorithmAndHex() {
    Digest digest = Digest.parse("sha256:" + EMPTY_SHA256);
    assertEquals("sha256", digest.algorithm());
    assertEquals(EMPTY_SHA256, digest.hex());
    assertEquals("sha256:" + EMPTY_SHA256, digest.toString());
  }

  @Test
  void sha256_ofBytes_matchesTheKnownValue() {
    assertEquals("sha256:" + EMPTY_SHA256, Digest.sha256(new byte[0]).toString());
    assertEquals(MediaTypes.EMPTY_JSON_DIGEST, Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void parse_sha512_accepts128HexCharacters() {
    assertEquals("sha512", Digest.parse("sha512:" + "a".repeat(128)).algorithm());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "sha256:ABC" + "0", "md5:d41d8cd98f00b204e9800998ecf8427e",
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "sha512:abcd", "SHA256:00",
      "sha256:../../etc/passwd"})
  void parse_invalid_throwsDigestInvalid(String text) {
    RegistryException e = assertThrows(RegistryException.class, () -> Digest.parse(text));
    assertEquals(OciError.DIGEST_INVALID, e.error());
  }

  @Test
  void parse_unknownAlgorithm_saysItIsUnsupported() {
    RegistryException e = assertThrows(RegistryException.class, () -> Digest.parse("blake3:abcd"));
    assertTrue(e.getMessage().contains("unsupported"), e.getMessage());
  }

  @Test
  void reference_withColon_isADigestAndWithoutIsATag() {
    assertInstanceOf(Digest.class, Reference.parse("sha256:" + EMPTY_SHA256));
    assertInstanceOf(Tag.class, Reference.parse("v1.0"));
  }
}
