package org.arca.registry.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of a {@code Range: bytes=...} request header, resolved against the size of the content.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9110.html#name-range-requests">RFC 9110 range requests</a>
 */
public record ByteRange(long start, long length) {
  private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d{0,19})-(\\d{0,19})$");

  /** What a Range header asks of content {@code size} bytes long. */
  public sealed interface Request permits Whole, Part, Unsatisfiable {}

  /** No usable range: serve everything with 200 (also for multiple ranges, which RFC 9110 lets a server ignore). */
  public record Whole() implements Request {}

  public record Part(ByteRange range) implements Request {}

  public record Unsatisfiable() implements Request {}

  public static Request parse(String header, long size) {
    if (header == null) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      return new Whole();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          return new Unsatisfiable();
        }
        long length = Math.min(suffix, size);
        return new Part(new ByteRange(size - length, length));
      }
      long start = Long.parseLong(m.group(1));
      if (start >= size) {
        return new Unsatisfiable();
      }
      long end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (end < start) {
        return new Whole(); // syntactically invalid range: ignored, as RFC 9110 says
      }
      return new Part(new ByteRange(start, end - start + 1));
    } catch (NumberFormatException e) {
      return new Whole();
    }
  }

  public String contentRange(long size) {
    return "bytes " + start + "-" + (start + length - 1) + "/" + size;
  }
}
