package org.arca.converter.squashfs;

/**
 * Compressors a squashfs may use, with their on-disk ids and default levels. xz and zstd default to mksquashfs's
 * levels; gzip defaults to zlib's own default, 6, not mksquashfs's 9: on the Debian image of the benchmarks level 9
 * costs 2.6 times the CPU for an image 0.3 % smaller (see docs/benchmarks-converter.md).
 */
public enum Compression {
  /** zlib streams; squashfs calls it gzip. Every kernel and unsquashfs reads it. */
  GZIP(1, 6, 1, 9),
  /** xz streams with an LZMA2 dictionary of the block size, as mksquashfs writes them (level = preset). */
  XZ(4, 6, 0, 9),
  /** zstd frames; needs Linux 4.14 or later to mount. */
  ZSTD(6, 15, 1, 22);

  private final int id;
  private final int defaultLevel;
  private final int minLevel;
  private final int maxLevel;

  Compression(int id, int defaultLevel, int minLevel, int maxLevel) {
    this.id = id;
    this.defaultLevel = defaultLevel;
    this.minLevel = minLevel;
    this.maxLevel = maxLevel;
  }

  /** The compression id stored in the superblock. */
  public int id() {
    return id;
  }

  public int defaultLevel() {
    return defaultLevel;
  }

  public boolean acceptsLevel(int level) {
    return level >= minLevel && level <= maxLevel;
  }
}
