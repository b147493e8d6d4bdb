package org.arca.converter.squashfs;

/**
 * Where a regular file's bytes lie in the image: the position of its first data block, the stored size of each full
 * block (bit 24 set when stored uncompressed, 0 for a block of zeros that takes no space), and the fragment holding
 * its tail. Filled in by {@link DataWriter} as blocks reach the disk, complete once the data is finished.
 */
final class FileLocation {
  static final int NO_FRAGMENT = 0xFFFFFFFF;
  private static final int[] NO_BLOCKS = new int[0];

  final long size;
  final int[] blockSizes;
  long start;
  int fragment = NO_FRAGMENT;
  int fragmentOffset;
  /** Bytes in blocks of zeros, which mksquashfs records as the inode's sparse size. */
  long sparseBytes;

  FileLocation(long size, int blockSize) {
    this.size = size;
    long blocks = size / blockSize;
    if (blocks > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("file of " + size + " bytes is too large");
    }
    this.blockSizes = blocks == 0 ? NO_BLOCKS : new int[(int) blocks];
  }
}
