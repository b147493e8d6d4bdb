package org.arca.registry.upload;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * The inclusive byte range of an upload chunk, from a {@code Content-Range} header. The spec's form is
 * {@code <start>-<end>}; the RFC 9110 form {@code bytes <start>-<end>/<total>} is accepted too, since some clients
 * send it.
 */
public record ContentRange(long start, long end) {
  private static final Pattern RANGE = Pattern.compile("^(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?$");

  public ContentRange {
    if (start < 0 || end < start) {
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
          "invalid Content-Range " + start + "-" + end + ": the end must not be before the start")
          .withStatus(416);
    }
  }

  /** Parses the header; null or blank means no range was given. */
  public static ContentRange parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches()) {
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
          "invalid Content-Range '" + header + "': expected <start>-<end>, inclusive").withStatus(416);
    }
    return new ContentRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  public long length() {
    return end - start + 1;
  }
}
