package org.arca.core.job;

/** A failure that retrying cannot fix (e.g. an image whose layers cannot be read): the job fails at once. */
public class PermanentJobFailure extends Exception {
  public PermanentJobFailure(String message) {
    super(message);
  }

  public PermanentJobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
