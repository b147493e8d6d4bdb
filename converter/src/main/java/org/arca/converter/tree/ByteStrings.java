package org.arca.converter.tree;

import java.nio.charset.StandardCharsets;

/** Conversions between raw name bytes and the byte strings the tree uses (see the package documentation). */
public final class ByteStrings {
  private ByteStrings() {}

  /** The byte string whose chars are {@code bytes}. */
  public static String of(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
  }

  public static String of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** The raw bytes of a byte string. */
  public static byte[] bytes(String byteString) {
    return byteString.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The byte string of the UTF-8 encoding of {@code text}, for names Arca writes itself. */
  public static String utf8(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a byte string as UTF-8 text, for messages and JSON. */
  public static String toText(String byteString) {
    return new String(bytes(byteString), StandardCharsets.UTF_8);
  }
}
