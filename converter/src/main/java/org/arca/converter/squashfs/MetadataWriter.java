package org.arca.converter.squashfs;

import java.io.IOException;
import java.util.Arrays;

/**
 * Writes a metadata stream (inode table, directory table, or one of the lookup tables) as squashfs metadata blocks:
 * 8 KiB of content each, compressed unless that does not help, each preceded by a 16-bit length whose bit 15 marks
 * an uncompressed block. A {@link #reference()} names the next byte as the kernel does: offset of its block from the
 * start of the stream, shifted left 16, plus the offset inside the uncompressed block.
 */
final class MetadataWriter {
  static final int BLOCK = 8192;
  private static final int UNCOMPRESSED = 1 << 15;

  private final Compressor compressor;
  private final ByteSink out = new ByteSink(16 * 1024);
  private final byte[] block = new byte[BLOCK];
  private final byte[] compressed = new byte[BLOCK];
  private long[] blockStarts = new long[8];
  private int blocks;
  private int fill;

  MetadataWriter(Compressor compressor) {
    this.compressor = compressor;
  }

  /** Where the next byte written will be. */
  long reference() {
    return ((long) out.size() << 16) | fill;
  }

  /** Bytes written so far, uncompressed. */
  long uncompressedSize() {
    return (long) blocks * BLOCK + fill;
  }

  MetadataWriter u16(int value) {
    put((byte) value);
    put((byte) (value >>> 8));
    return this;
  }

  MetadataWriter u32(long value) {
    for (int i = 0; i < 4; i++) {
      put((byte) (value >>> (8 * i)));
    }
    return this;
  }

  MetadataWriter u64(long value) {
    for (int i = 0; i < 8; i++) {
      put((byte) (value >>> (8 * i)));
    }
    return this;
  }

  MetadataWriter bytes(byte[] source) {
    int offset = 0;
    while (offset < source.length) {
      int n = Math.min(BLOCK - fill, source.length - offset);
      System.arraycopy(source, offset, block, fill, n);
      fill += n;
      offset += n;
      if (fill == BLOCK) {
        flush();
      }
    }
    return this;
  }

  /** Completes the last block; returns the stream. Nothing may be written afterwards. */
  ByteSink finish() {
    if (fill > 0) {
      flush();
    }
    return out;
  }

  /** Offsets of the blocks from the start of the stream, which a table's index lists. */
  long[] blockStarts() {
    return Arrays.copyOf(blockStarts, blocks);
  }

  private void put(byte b) {
    block[fill++] = b;
    if (fill == BLOCK) {
      flush();
    }
  }

  private void flush() {
    if (blocks == blockStarts.length) {
      blockStarts = Arrays.copyOf(blockStarts, blocks * 2);
    }
    blockStarts[blocks++] = out.size();
    int size;
    try {
      size = compressor.compress(block, fill, compressed);
    } catch (IOException e) {
      throw new IllegalStateException("compressing a metadata block failed", e);
    }
    if (size > 0) {
      out.u16(size).bytes(compressed, 0, size);
    } else {
      out.u16(fill | UNCOMPRESSED).bytes(block, 0, fill);
    }
    fill = 0;
  }
}
