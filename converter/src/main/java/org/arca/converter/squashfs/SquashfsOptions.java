package org.arca.converter.squashfs;

/**
 * How to write a squashfs: compressor and level, data block size (a power of two from 4 KiB to 1 MiB), and how many
 * threads compress data blocks. The thread count changes speed only, never a byte of the output.
 *
 * @param compression compressor of data and metadata blocks
 * @param level compression level, or 0 for the compressor's default
 * @param blockSize data block size in bytes
 * @param threads data-block compression threads, at least 1
 */
public record SquashfsOptions(Compression compression, int level, int blockSize, int threads) {
  public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
  private static final int MIN_BLOCK_SIZE = 4096;
  private static final int MAX_BLOCK_SIZE = 1024 * 1024;
  /**
   * Default threads on a big machine: each keeps a compressor (an xz one holds a few MiB of heap at 128 KiB blocks),
   * and one reading thread feeds them.
   */
  static final int MAX_DEFAULT_THREADS = 16;

  public SquashfsOptions {
    if (compression == null) {
      throw new IllegalArgumentException("compression is required");
    }
    if (level == 0) {
      level = compression.defaultLevel();
    }
    if (!compression.acceptsLevel(level)) {
      throw new IllegalArgumentException("level " + level + " is out of range for " + compression);
    }
    if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException("block size must be a power of two from 4 KiB to 1 MiB: " + blockSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
  }

  /** gzip at level 6, 128 KiB blocks, a compression thread per processor (at most {@value #MAX_DEFAULT_THREADS}). */
  public static SquashfsOptions defaults() {
    return of(Compression.GZIP);
  }

  /** Defaults for {@code compression}. */
  public static SquashfsOptions of(Compression compression) {
    return new SquashfsOptions(compression, 0, DEFAULT_BLOCK_SIZE, defaultThreads());
  }

  public SquashfsOptions withLevel(int newLevel) {
    return new SquashfsOptions(compression, newLevel, blockSize, threads);
  }

  public SquashfsOptions withBlockSize(int newBlockSize) {
    return new SquashfsOptions(compression, level, newBlockSize, threads);
  }

  public SquashfsOptions withThreads(int newThreads) {
    return new SquashfsOptions(compression, level, blockSize, newThreads);
  }

  /** log2 of the block size, as the superblock stores it. */
  int blockLog() {
    return Integer.numberOfTrailingZeros(blockSize);
  }

  private static int defaultThreads() {
    return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors()));
  }
}
