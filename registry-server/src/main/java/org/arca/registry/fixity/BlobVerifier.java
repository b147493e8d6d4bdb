package org.arca.registry.fixity;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.arca.core.Digest;
import org.arca.registry.storage.BlobStorage;

/** Re-hashes a stored blob through the blob store port and compares it with its digest and recorded size. */
@Singleton
public class BlobVerifier {
  private static final int BUFFER = 1 << 20;

  private final BlobStorage store;

  public BlobVerifier(BlobStorage store) {
    this.store = store;
  }

  /** Checks {@code digest} at full speed. */
  public Check verify(Digest digest, long recordedSize) throws IOException {
    try {
      return verify(digest, recordedSize, Throttle.NONE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("check of " + digest + " interrupted", e);
    }
  }

  /** Checks only that the bytes are there with the recorded size. */
  Check checkSize(Digest digest, long recordedSize) throws IOException {
    OptionalLong stored = store.size(digest);
    if (stored.isEmpty()) {
      return new Check(digest, Outcome.MISSING, "blob " + digest + " is recorded with " + recordedSize
          + " bytes but none are stored");
    }
    if (stored.getAsLong() != recordedSize) {
      return new Check(digest, Outcome.SIZE, "blob " + digest + " is recorded with " + recordedSize
          + " bytes but " + stored.getAsLong() + " are stored");
    }
    return new Check(digest, Outcome.PASS, null);
  }

  Check verify(Digest digest, long recordedSize, Throttle throttle) throws IOException, InterruptedException {
    Check size = checkSize(digest, recordedSize);
    if (size.outcome().failed()) {
      return size;
    }
    MessageDigest hasher = Digest.newMessageDigest(digest.algorithm());
    long read = 0;
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = store.open(digest)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        hasher.update(buffer, 0, n);
        read += n;
        throttle.read(n);
      }
    } catch (NoSuchFileException e) {
      return new Check(digest, Outcome.MISSING, "blob " + digest + " vanished while it was checked");
    }
    if (read != recordedSize) {
      return new Check(digest, Outcome.SIZE, "blob " + digest + " is recorded with " + recordedSize
          + " bytes but " + read + " were read");
    }
    String actual = HexFormat.of().formatHex(hasher.digest());
    if (!actual.equals(digest.hex())) {
      return new Check(digest, Outcome.CORRUPT, "the " + read + " stored bytes of blob " + digest + " hash to "
          + digest.algorithm() + ":" + actual);
    }
    return new Check(digest, Outcome.PASS, null);
  }
}
