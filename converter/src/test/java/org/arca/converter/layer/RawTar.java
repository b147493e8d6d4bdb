package org.arca.converter.layer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes tar headers byte by byte, for formats and faults commons-compress does not produce. */
final class RawTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A ustar header; {@code fields} may override raw bytes at offsets (offset, bytes...). */
  RawTar header(String name, char type, long size, String prefix, Field... fields) {
    byte[] header = new byte[512];
    put(header, 0, name.getBytes(StandardCharsets.ISO_8859_1));
    put(header, 100, octal(0644, 8));
    put(header, 108, octal(0, 8));
    put(header, 116, octal(0, 8));
    put(header, 124, octal(size, 12));
    put(header, 136, octal(1_700_000_000L, 12));
    header[156] = (byte) type;
    put(header, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(header, 263, "00".getBytes(StandardCharsets.US_ASCII));
    if (prefix != null) {
      put(header, 345, prefix.getBytes(StandardCharsets.ISO_8859_1));
    }
    for (Field field : fields) {
      put(header, field.offset, field.bytes);
    }
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
    }
    put(header, 148, octal(sum, 7));
    header[155] = ' ';
    out.writeBytes(header);
    return this;
  }

  /** Content padded to a multiple of 512. */
  RawTar content(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  /** A PAX extended header with the given raw records. */
  RawTar pax(byte[]... records) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (byte[] record : records) {
      data.writeBytes(record);
    }
    header("PaxHeader", 'x', data.size(), null);
    return content(data.toByteArray());
  }

  /** One PAX record {@code "<len> key=value\n"} with a raw value. */
  static byte[] record(String key, byte[] value) {
    int body = 1 + key.length() + 1 + value.length + 1;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes((length + " " + key + "=").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(value);
    out.write('\n');
    return out.toByteArray();
  }

  byte[] end() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  record Field(int offset, byte[] bytes) {}

  static Field field(int offset, byte... bytes) {
    return new Field(offset, bytes);
  }

  static byte[] octal(long value, int width) {
    String text = Long.toOctalString(value);
    StringBuilder padded = new StringBuilder();
    for (int i = text.length(); i < width - 1; i++) {
      padded.append('0');
    }
    return (padded + text + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(byte[] header, int offset, byte[] bytes) {
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
