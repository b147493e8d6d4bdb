package org.arca.registry.testing;

import java.io.InputStream;

/**
 * A long, deterministic, incompressible-looking byte stream generated on the fly, so tests can move gigabytes without
 * holding them anywhere. The same seed and length always give the same bytes.
 */
public final class PatternStream extends InputStream {
  private final long length;
  private long position;
  private long state;

  public PatternStream(long seed, long length) {
    this.length = length;
    this.state = seed * 0x9E3779B97F4A7C15L + 1;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(count, length - position);
    for (int i = 0; i < n; i++) {
      if (((position + i) & 7) == 0) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
      }
      buffer[offset + i] = (byte) (state >>> (((position + i) & 7) * 8));
    }
    position += n;
    return n;
  }
}
