package org.arca.converter.squashfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** A growable little-endian byte buffer for tables and inodes; squashfs is little-endian throughout. */
final class ByteSink {
  private byte[] data;
  private int size;

  ByteSink() {
    this(256);
  }

  ByteSink(int capacity) {
    this.data = new byte[capacity];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return data;
  }

  void reset() {
    size = 0;
  }

  ByteSink u8(int value) {
    ensure(1);
    data[size++] = (byte) value;
    return this;
  }

  ByteSink u16(int value) {
    ensure(2);
    data[size++] = (byte) value;
    data[size++] = (byte) (value >>> 8);
    return this;
  }

  ByteSink u32(long value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      data[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  ByteSink u64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      data[size++] = (byte) (value >>> (8 * i));
    }
    return this;
  }

  ByteSink bytes(byte[] source) {
    return bytes(source, 0, source.length);
  }

  ByteSink bytes(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, data, size, length);
    size += length;
    return this;
  }

  ByteSink zeros(int count) {
    ensure(count);
    Arrays.fill(data, size, size + count, (byte) 0);
    size += count;
    return this;
  }

  /** Writes the content at {@code position} of {@code channel}. */
  void writeTo(FileChannel channel, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data, 0, size);
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
  }

  private void ensure(int more) {
    if (size + more > data.length) {
      long wanted = Math.max((long) data.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("squashfs table larger than 2 GiB");
      }
      data = Arrays.copyOf(data, (int) wanted);
    }
  }
}
