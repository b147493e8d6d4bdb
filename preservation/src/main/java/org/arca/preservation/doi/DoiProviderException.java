package org.arca.preservation.doi;

import java.util.List;

/**
 * A DOI provider refused or failed a request. For DataCite, {@code status} is the HTTP status and {@code errors}
 * the titles of the JSON:API error objects (e.g. {@code url: can't be blank}), so the caller can show them as they
 * are.
 */
public class DoiProviderException extends RuntimeException {
  private final int status;
  private final List<String> errors;

  public DoiProviderException(String message, int status, List<String> errors) {
    super(message + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public DoiProviderException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
    this.status = 0;
    this.errors = List.of();
  }

  /** The HTTP status the provider answered with, or 0 when it could not be reached. */
  public int status() {
    return status;
  }

  public List<String> errors() {
    return errors;
  }
}
