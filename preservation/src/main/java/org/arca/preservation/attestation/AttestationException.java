package org.arca.preservation.attestation;

/** An attestation could not be read: malformed JSON, an unknown envelope, or a statement missing a required field. */
public final class AttestationException extends RuntimeException {

  public AttestationException(String message) {
    super(message);
  }

  public AttestationException(String message, Throwable cause) {
    super(message, cause);
  }
}
