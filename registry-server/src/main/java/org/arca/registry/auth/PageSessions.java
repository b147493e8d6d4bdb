package org.arca.registry.auth;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * The caller of a web page's request by its session cookie, for a request without an {@code Authorization} header.
 * Implemented by the web sign-in; it answers only for the pages, never for {@code /v2/} or {@code /api/}.
 */
public interface PageSessions {
  Optional<Caller> resume(HttpRequest<?> request);
}
