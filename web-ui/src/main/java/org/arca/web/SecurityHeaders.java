package org.arca.web;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers that keep the pages safe when something slips through: a Content-Security-Policy that allows scripts,
 * styles and images from this server only (no inline scripts or styles, nothing from a CDN), no framing, no MIME
 * sniffing, and no full URLs (with search queries) sent to other sites.
 */
@ServerFilter(patterns = {"/", "/search", "/search/**", "/r/**", "/static/**", "/doi/**", "/cite/**", "/signin",
    "/signout", "/account", "/account/**", "/curator", "/curator/**"})
class SecurityHeaders {
  static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  @ResponseFilter
  void secure(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", POLICY);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "same-origin");
  }
}
