package org.arca.registry.fixity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.arca.core.Digest;
import org.arca.registry.storage.UploadStorage;

/**
 * Copies a blob's bytes into a store's uploads, hashing them on the way, so that only bytes that hash to the digest
 * and have the recorded size are ever committed there: the replica copy, and a restore into the primary store.
 */
final class BlobCopy {
  private static final int BUFFER = 1 << 20;

  private BlobCopy() {}

  /** The bytes read were not the blob: too many, too few, or another hash. */
  static final class Mismatch extends IOException {
    final Outcome outcome;

    Mismatch(Outcome outcome, String message) {
      super(message);
      this.outcome = outcome;
    }
  }

  /**
   * Writes {@code in} into a new upload of {@code target} and returns its id, ready to commit as {@code digest};
   * throws {@link Mismatch} (and drops the upload) when the bytes are not those of the blob. {@code what} names the
   * copy in messages, e.g. {@code copy sha256:... from replica:/mnt/copy}.
   */
  static String stage(InputStream in, UploadStorage target, Digest digest, long size, String what)
      throws IOException {
    String id = target.newId();
    target.create(id);
    boolean staged = false;
    try {
      MessageDigest hasher = Digest.newMessageDigest(digest.algorithm());
      long copied = 0;
      try (UploadStorage.Appender out = target.append(id, 0)) {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          hasher.update(buffer, 0, n);
          out.write(ByteBuffer.wrap(buffer, 0, n));
          copied += n;
        }
      }
      if (copied != size) {
        throw new Mismatch(Outcome.SIZE, what + ": read " + copied + " bytes, but the blob has " + size);
      }
      String actual = HexFormat.of().formatHex(hasher.digest());
      if (!actual.equals(digest.hex())) {
        throw new Mismatch(Outcome.CORRUPT, what + ": the " + copied + " bytes read hash to " + digest.algorithm()
            + ":" + actual);
      }
      staged = true;
      return id;
    } finally {
      if (!staged) {
        target.cancel(id);
      }
    }
  }
}
