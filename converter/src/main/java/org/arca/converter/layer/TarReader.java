package org.arca.converter.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.arca.converter.tree.ByteStrings;

/**
 * A streaming reader of tar archives in the formats layers use: ustar, GNU (long names and links) and PAX
 * (including {@code SCHILY.xattr.*}). Everything is kept as raw bytes, so names that are not UTF-8 and binary
 * attribute values such as {@code security.capability} come through unchanged. It follows Go's archive/tar, which
 * umoci and the container tools use, where formats are ambiguous.
 */
public final class TarReader {
  private static final int BLOCK = 512;
  /** Largest PAX or GNU long-name header accepted, as Go's archive/tar. */
  private static final int MAX_SPECIAL = 1 << 20;
  private static final String XATTR_PREFIX = "SCHILY.xattr.";

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private final byte[] skipBuffer = new byte[64 * 1024];
  private long remaining;
  private long padding;
  private long ordinal = -1;
  private boolean ended;

  /** Reads from {@code in}, which should be buffered; the caller closes it. */
  public TarReader(InputStream in) {
    this.in = in;
  }

  /** The next member, skipping what is left of the current one; null at the end of the archive. */
  public TarEntry next() throws IOException {
    if (ended) {
      return null;
    }
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = null;
    String longName = null;
    String longLink = null;
    while (true) {
      if (!readHeader()) {
        ended = true;
        return null;
      }
      char type = (char) (header[156] & 0xff);
      long size = number(124, 12);
      if (size < 0) {
        throw new LayerFormatException("tar header with negative size");
      }
      switch (type) {
        case 'x' -> {
          pax = paxRecords(special(size));
          continue;
        }
        case 'g' -> {
          // global PAX headers carry no file; Go's reader hands them out and nothing applies them to files
          special(size);
          continue;
        }
        case 'L' -> {
          longName = cString(special(size));
          continue;
        }
        case 'K' -> {
          longLink = cString(special(size));
          continue;
        }
        default -> {
          return entry(type, size, pax, longName, longLink);
        }
      }
    }
  }

  /** The content of the current member; reading past its end returns -1. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = in.read();
        if (b < 0) {
          throw new EOFException("tar member truncated");
        }
        remaining--;
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new EOFException("tar member truncated");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private TarEntry entry(char type, long size, Map<String, byte[]> pax, String longName, String longLink)
      throws IOException {
    boolean ustar = matches(257, "ustar\0");
    String name;
    if (pax != null && pax.containsKey("path")) {
      name = ByteStrings.of(pax.get("path"));
    } else if (longName != null) {
      name = longName;
    } else {
      name = string(0, 100);
      if (ustar) {
        // star archives keep a 12-byte trailer "tar\0" after a shorter prefix
        int prefixLength = matches(508, "tar\0") ? 131 : 155;
        String prefix = string(345, prefixLength);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
      }
    }
    String linkName;
    if (pax != null && pax.containsKey("linkpath")) {
      linkName = ByteStrings.of(pax.get("linkpath"));
    } else if (longLink != null) {
      linkName = longLink;
    } else {
      linkName = string(157, 100);
    }
    long uid = number(108, 8);
    long gid = number(116, 8);
    long mtime = number(136, 12);
    SortedMap<String, byte[]> xattrs = new TreeMap<>();
    if (pax != null) {
      for (Map.Entry<String, byte[]> record : pax.entrySet()) {
        String key = record.getKey();
        switch (key) {
          case "size" -> size = paxNumber(record.getValue(), key);
          case "uid" -> uid = paxNumber(record.getValue(), key);
          case "gid" -> gid = paxNumber(record.getValue(), key);
          case "mtime" -> mtime = paxTime(record.getValue());
          default -> {
            if (key.startsWith(XATTR_PREFIX)) {
              xattrs.put(key.substring(XATTR_PREFIX.length()), record.getValue());
            } else if (key.startsWith("GNU.sparse.")) {
              throw new LayerFormatException("sparse tar member " + ByteStrings.toText(name) + " is not supported");
            }
          }
        }
      }
    }
    TarEntry.Kind kind = switch (type) {
      case '0', '7' -> TarEntry.Kind.REGULAR;
      // pre-POSIX archives mark directories only by a trailing slash
      case '\0' -> name.endsWith("/") ? TarEntry.Kind.DIRECTORY : TarEntry.Kind.REGULAR;
      case '1' -> TarEntry.Kind.HARD_LINK;
      case '2' -> TarEntry.Kind.SYMLINK;
      case '3' -> TarEntry.Kind.CHAR_DEVICE;
      case '4' -> TarEntry.Kind.BLOCK_DEVICE;
      case '5' -> TarEntry.Kind.DIRECTORY;
      case '6' -> TarEntry.Kind.FIFO;
      case 'S' -> throw new LayerFormatException(
          "sparse tar member " + ByteStrings.toText(name) + " is not supported");
      default -> throw new LayerFormatException(
          "tar member " + ByteStrings.toText(name) + " has unsupported type '" + type + "'");
    };
    if (size < 0 || uid < 0 || gid < 0) {
      throw new LayerFormatException("tar member " + ByteStrings.toText(name) + " has a negative size or owner");
    }
    // as in Go's archive/tar, only regular files carry content; other types have none whatever size they state
    long contentSize = kind == TarEntry.Kind.REGULAR ? size : 0;
    remaining = contentSize;
    padding = (BLOCK - contentSize % BLOCK) % BLOCK;
    ordinal++;
    int mode = (int) (number(100, 8) & 07777);
    boolean device = kind == TarEntry.Kind.CHAR_DEVICE || kind == TarEntry.Kind.BLOCK_DEVICE;
    int major = device ? (int) number(329, 8) : 0;
    int minor = device ? (int) number(337, 8) : 0;
    return new TarEntry(ordinal, name, kind, mode, uid, gid, mtime, contentSize, linkName, major, minor,
        xattrs);
  }

  /** Reads the next header block; false at the end of the archive (a zero block or the end of the stream). */
  private boolean readHeader() throws IOException {
    int n = in.readNBytes(header, 0, BLOCK);
    if (n == 0) {
      return false;
    }
    if (n < BLOCK) {
      throw new EOFException("tar header truncated");
    }
    boolean zero = true;
    for (byte b : header) {
      if (b != 0) {
        zero = false;
        break;
      }
    }
    if (zero) {
      return false;
    }
    long stated = number(148, 8);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = i >= 148 && i < 156 ? ' ' : header[i];
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    if (stated != unsigned && stated != signed) {
      throw new LayerFormatException("tar header checksum mismatch (not a tar archive, or corrupt)");
    }
    return true;
  }

  private byte[] special(long size) throws IOException {
    if (size > MAX_SPECIAL) {
      throw new LayerFormatException("tar extension header of " + size + " bytes exceeds " + MAX_SPECIAL);
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new EOFException("tar extension header truncated");
    }
    skip((BLOCK - size % BLOCK) % BLOCK);
    return data;
  }

  private void skip(long count) throws IOException {
    while (count > 0) {
      int n = in.read(skipBuffer, 0, (int) Math.min(skipBuffer.length, count));
      if (n < 0) {
        throw new EOFException("tar archive truncated");
      }
      count -= n;
    }
  }

  /** PAX records {@code "<length> <key>=<value>\n"}; later records override earlier ones. */
  static Map<String, byte[]> paxRecords(byte[] data) throws LayerFormatException {
    Map<String, byte[]> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      if (data[pos] == 0) {
        break; // some writers pad with NULs
      }
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new LayerFormatException("malformed PAX record length");
      }
      int end = pos + length;
      if (length <= 0 || space >= data.length || end > data.length || data[end - 1] != '\n') {
        throw new LayerFormatException("malformed PAX record");
      }
      int equals = space + 1;
      while (equals < end && data[equals] != '=') {
        equals++;
      }
      if (equals >= end) {
        throw new LayerFormatException("malformed PAX record without '='");
      }
      String key = ByteStrings.of(data, space + 1, equals - space - 1);
      byte[] value = java.util.Arrays.copyOfRange(data, equals + 1, end - 1);
      records.put(key, value);
      pos = end;
    }
    return records;
  }

  private static long paxNumber(byte[] value, String key) throws LayerFormatException {
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new LayerFormatException("malformed PAX " + key);
    }
  }

  /** Seconds of a PAX time, rounded down as the file system stores the time {@code "-1.5"} as -2 s. */
  private static long paxTime(byte[] value) throws LayerFormatException {
    try {
      return new BigDecimal(new String(value, StandardCharsets.US_ASCII))
          .setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new LayerFormatException("malformed PAX mtime");
    }
  }

  /** A numeric header field: octal text, or base-256 two's complement when the high bit of its first byte is set. */
  private long number(int offset, int length) throws LayerFormatException {
    if ((header[offset] & 0x80) != 0) {
      boolean negative = (header[offset] & 0x40) != 0;
      long value = 0;
      for (int i = 0; i < length; i++) {
        int b = header[offset + i] & 0xff;
        if (negative) {
          b ^= 0xff;
        }
        if (i == 0) {
          b &= 0x7f;
        }
        if ((value >>> 55) != 0) {
          throw new LayerFormatException("tar header number overflows 64 bits");
        }
        value = value << 8 | b;
      }
      return negative ? ~value : value;
    }
    int start = offset;
    int end = offset + length;
    while (start < end && (header[start] == ' ' || header[start] == 0)) {
      start++;
    }
    while (end > start && (header[end - 1] == ' ' || header[end - 1] == 0)) {
      end--;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new LayerFormatException("malformed octal number in tar header");
      }
      value = value << 3 | digit;
    }
    return value;
  }

  private String string(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return ByteStrings.of(header, offset, end - offset);
  }

  private static String cString(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return ByteStrings.of(data, 0, end);
  }

  private boolean matches(int offset, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (header[offset + i] != (byte) text.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
