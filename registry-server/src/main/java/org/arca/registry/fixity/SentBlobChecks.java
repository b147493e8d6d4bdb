package org.arca.registry.fixity;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.arca.core.Digest;

/**
 * The checks a blob download makes on the way out: the stored size against the recorded one before anything is
 * sent, and the digest of a full download while it is sent, so that a client never completes a download of wrong
 * bytes.
 */
public final class SentBlobChecks {
  /** The agent of fixity events recorded by downloads. */
  public static final String AGENT = "arca download";

  private SentBlobChecks() {}

  /** Quarantines and refuses a blob whose stored bytes are not as long as recorded (truncated or grown). */
  public static void requireRecordedSize(Quarantine quarantine, Digest digest, long recorded, long stored) {
    if (stored != recorded) {
      quarantine.record(new Check(digest, Outcome.SIZE, "blob " + digest + " is recorded with " + recorded
          + " bytes but " + stored + " are stored"), AGENT);
      quarantine.refuseIfQuarantined(digest);
    }
  }

  /**
   * Quarantines a blob whose bytes are gone, so that HEAD (which answers from the database) stops announcing it too,
   * and refuses it.
   */
  public static RuntimeException refuseMissing(Quarantine quarantine, Digest digest) {
    quarantine.record(new Check(digest, Outcome.MISSING, "blob " + digest + " is recorded but no bytes are stored"),
        AGENT);
    quarantine.refuseIfQuarantined(digest);
    return new IllegalStateException("blob " + digest + " was not quarantined"); // not reached: it was just now
  }

  /** A hash of the bytes sent so far, compared with the digest once all are through. */
  public static final class Hasher {
    private final Digest digest;
    private final long size;
    private final MessageDigest hasher;
    private long seen;

    public Hasher(Digest digest, long size) {
      this.digest = digest;
      this.size = size;
      this.hasher = Digest.newMessageDigest(digest.algorithm());
    }

    public void update(java.nio.ByteBuffer bytes) {
      seen += bytes.remaining();
      hasher.update(bytes);
    }

    public void update(byte[] bytes, int offset, int length) {
      seen += length;
      hasher.update(bytes, offset, length);
    }

    /** Whether the last byte has been seen. */
    public boolean complete() {
      return seen >= size;
    }

    /** Null when the bytes hash to the digest, else what they hash to, in words. */
    public String mismatch() {
      String actual = HexFormat.of().formatHex(hasher.digest());
      return actual.equals(digest.hex()) ? null
          : "the " + seen + " bytes of blob " + digest + " read for a download hash to " + digest.algorithm() + ":"
              + actual;
    }
  }

  /**
   * Passes a full blob through, hashing it; the read that would deliver its last bytes fails instead when they do not
   * hash to the digest, so the client sees the download break rather than finish with wrong bytes.
   */
  public static InputStream verifying(InputStream in, Digest digest, long size, Consumer<String> onMismatch) {
    Hasher hasher = new Hasher(digest, size);
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          hasher.update(b, off, n);
          if (hasher.complete()) {
            check();
          }
        }
        return n;
      }

      private void check() throws IOException {
        String mismatch = hasher.mismatch();
        if (mismatch != null) {
          onMismatch.accept(mismatch);
          throw new IOException(mismatch + "; download aborted");
        }
      }
    };
  }
}
