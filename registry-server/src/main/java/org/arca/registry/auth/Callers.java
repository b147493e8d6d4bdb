package org.arca.registry.auth;

import io.micronaut.http.HttpRequest;
import java.net.InetSocketAddress;

/** The caller the authentication filter attached to a request. */
public final class Callers {
  static final String ATTRIBUTE = "arca.caller";

  private Callers() {}

  public static Caller of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, Caller.class).orElse(Caller.ANONYMOUS);
  }

  static void attach(HttpRequest<?> request, Caller caller) {
    request.setAttribute(ATTRIBUTE, caller);
  }

  /** The client's address as the socket sees it (a reverse proxy's own address when there is one). */
  public static String address(HttpRequest<?> request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
  }
}
