package org.arca.preservation.archive;

/**
 * An export or import failed: a blob's bytes did not match its digest (fixity), a bag did not verify, or the bag
 * lacks what {@code arca-export.json} promises. The message names the object at fault.
 */
public final class ArchiveException extends RuntimeException {

  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
