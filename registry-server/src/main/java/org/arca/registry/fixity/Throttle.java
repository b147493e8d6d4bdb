package org.arca.registry.fixity;

/**
 * Keeps a reader below a byte rate: after each read it sleeps as long as needed for the bytes read so far to fit the
 * rate since the start. Not thread-safe; one per reading loop.
 */
final class Throttle {
  static final Throttle NONE = new Throttle(0);

  private final long bytesPerSecond;
  private final long startNanos = System.nanoTime();
  private long bytes;

  Throttle(long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }

  void read(long count) throws InterruptedException {
    if (bytesPerSecond <= 0) {
      return;
    }
    bytes += count;
    long dueNanos = bytes * 1_000_000_000L / bytesPerSecond;
    long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
    if (aheadNanos > 1_000_000) {
      Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
    }
  }
}
