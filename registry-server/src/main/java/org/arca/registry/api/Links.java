package org.arca.registry.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** RFC 5988 {@code Link} headers for paginated listings. */
final class Links {
  private Links() {}

  static String next(String path, int n, String last) {
    return "<" + path + "?n=" + n + "&last=" + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"";
  }
}
