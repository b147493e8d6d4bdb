package org.arca.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception the registry throws for a request it refuses. It carries an {@link OciError}, a message that
 * names the action and its object, an optional detail for the error body, and the HTTP status to answer with (by
 * default the code's own).
 */
public class RegistryException extends RuntimeException {
  private final OciError error;
  private final int status;
  private final transient Object detail;
  private final Map<String, String> headers;

  public RegistryException(OciError error, String message) {
    this(error, error.status(), message, null, null, Map.of());
  }

  public RegistryException(OciError error, String message, Throwable cause) {
    this(error, error.status(), message, null, cause, Map.of());
  }

  private RegistryException(OciError error, int status, String message, Object detail, Throwable cause,
      Map<String, String> headers) {
    super(message, cause);
    this.error = error;
    this.status = status;
    this.detail = detail;
    this.headers = headers;
  }

  /** The same error answered with another HTTP status, e.g. 416 for an out-of-order chunk. */
  public RegistryException withStatus(int newStatus) {
    return new RegistryException(error, newStatus, getMessage(), detail, getCause(), headers);
  }

  /** The same error with a detail for the {@code detail} field of the error body (serialised as JSON). */
  public RegistryException withDetail(Object newDetail) {
    return new RegistryException(error, status, getMessage(), newDetail, getCause(), headers);
  }

  /** The same error with a response header, e.g. {@code Range} on a 416 or {@code WWW-Authenticate} on a 401. */
  public RegistryException withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new RegistryException(error, status, getMessage(), detail, getCause(), Map.copyOf(more));
  }

  public OciError error() {
    return error;
  }

  public int status() {
    return status;
  }

  public Object detail() {
    return detail;
  }

  /** Headers the error response carries. */
  public Map<String, String> headers() {
    return headers;
  }
}
