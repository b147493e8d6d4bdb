package org.arca.registry.auth;

import java.util.function.UnaryOperator;

/**
 * The token endpoint's URL announced in challenges: the configured realm, or the request's own scheme and host
 * (honouring {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} from a reverse proxy).
 */
public final class Realm {
  private Realm() {}

  public static String of(AuthConfiguration config, UnaryOperator<String> header) {
    if (config.realm() != null && !config.realm().isBlank()) {
      return config.realm();
    }
    String scheme = firstValue(header.apply("X-Forwarded-Proto"));
    String host = firstValue(header.apply("X-Forwarded-Host"));
    if (host == null) {
      host = header.apply("Host");
    }
    if (host == null || !host.matches("[A-Za-z0-9.\\-:\\[\\]]{1,255}")) {
      host = "localhost"; // a Host header that is not a host name must not end up in a header we send
    }
    return (scheme == null || !scheme.matches("https?") ? "http" : scheme) + "://" + host + "/auth/token";
  }

  private static String firstValue(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    int comma = header.indexOf(',');
    return (comma < 0 ? header : header.substring(0, comma)).trim();
  }
}
