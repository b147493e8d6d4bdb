package org.arca.registry.fixity;

/** The outcome of one fixity check of a stored blob. */
public enum Outcome {
  /** The bytes hash to the blob's digest and have its recorded size. */
  PASS,
  /** The bytes are there but hash to another digest. */
  CORRUPT,
  /** The bytes are there with another size than recorded. */
  SIZE,
  /** No bytes are stored for the blob. */
  MISSING,
  /** Damaged or missing bytes were replaced by a copy that hashes to the digest (a PREMIS "replication" event). */
  REPAIRED;

  public boolean failed() {
    return this == CORRUPT || this == SIZE || this == MISSING;
  }

  String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
