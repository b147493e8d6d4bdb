package org.arca.converter.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.arca.core.Descriptor;
import org.arca.core.Digest;

/**
 * A blob stream that hashes and counts what passes through it, so that a conversion never writes content the
 * manifest did not name. {@link #drainAndVerify()} reads what the consumer left and checks digest and size.
 */
public final class VerifiedBlobStream extends FilterInputStream {
  private final Descriptor descriptor;
  private final MessageDigest hasher;
  private long count;

  public VerifiedBlobStream(InputStream in, Descriptor descriptor) {
    super(in);
    this.descriptor = descriptor;
    this.hasher = descriptor.digest().newHasher();
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      hasher.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      hasher.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipped bytes must be hashed too
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads to the end and throws {@link LayerFormatException} unless digest and size match the descriptor. */
  public void drainAndVerify() throws IOException {
    byte[] buffer = new byte[64 * 1024];
    while (read(buffer, 0, buffer.length) >= 0) {
      // hashing happens in read
    }
    Digest actual = Digest.of(hasher.digest(), descriptor.digest().algorithm());
    if (count != descriptor.size() || !actual.equals(descriptor.digest())) {
      throw new LayerFormatException("blob " + descriptor.digest() + " does not match its descriptor: read "
          + count + " bytes with digest " + actual + ", expected " + descriptor.size() + " bytes");
    }
  }
}
