package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.arca.converter.layer.LayerFormatException;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
  private static final String THREAD = "read-ahead-test";

  @Test
  void read_mixedReadSizes_sameBytesAsTheSource() throws IOException {
    byte[] data = new byte[1_000_003];
    new Random(18).nextBytes(data);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    Random sizes = new Random(5);
    try (ReadAheadInputStream ahead = new ReadAheadInputStream(new Trickling(new ByteArrayInputStream(data)),
        THREAD)) {
      byte[] buffer = new byte[200_000];
      while (true) {
        if (sizes.nextInt(10) == 0) {
          int b = ahead.read();
          if (b < 0) {
            break;
          }
          copy.write(b);
        } else {
          int n = ahead.read(buffer, 7, 1 + sizes.nextInt(buffer.length - 7));
          if (n < 0) {
            break;
          }
          copy.write(buffer, 7, n);
        }
      }
      assertEquals(-1, ahead.read(), "the end stays the end");
    }
    assertArrayEquals(data, copy.toByteArray());
  }

  @Test
  void read_sourceFails_everyByteBeforeThenTheSameException() throws IOException {
    LayerFormatException broken = new LayerFormatException("gzip stream is broken");
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[200_000]), new InputStream() {
      @Override
      public int read() throws IOException {
        throw broken;
      }
    });
    try (ReadAheadInputStream ahead = new ReadAheadInputStream(failing, THREAD)) {
      assertEquals(200_000, ahead.readNBytes(200_000).length);
      assertSame(broken, assertThrows(LayerFormatException.class, ahead::read));
      assertSame(broken, assertThrows(LayerFormatException.class, () -> ahead.read(new byte[10])));
    }
  }

  @Test
  void close_midStream_threadStopsAfterABoundedReadAheadAndTheSourceReadsOn() throws Exception {
    byte[] data = new byte[10 << 20];
    new Random(9).nextBytes(data);
    Counting source = new Counting(new ByteArrayInputStream(data));
    ReadAheadInputStream ahead = new ReadAheadInputStream(source, THREAD);
    assertEquals(100, ahead.readNBytes(100).length);
    ahead.close();

    assertFalse(threadAlive(), "the reading thread has ended");
    long consumed = source.count;
    assertTrue(consumed <= (ReadAheadInputStream.CHUNKS + 1) * ReadAheadInputStream.CHUNK,
        "read ahead " + consumed + " bytes");
    byte[] rest = source.readAllBytes();
    assertEquals(data.length - consumed, rest.length, "the source was left open where the thread stopped");
    assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) consumed, data.length), rest);
    assertThrows(IOException.class, ahead::read, "a closed stream reads nothing");
  }

  private static boolean threadAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
  }

  /** Gives at most 1000 bytes a read, as a slow network would. */
  private static final class Trickling extends FilterInputStream {
    Trickling(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1000));
    }
  }

  private static final class Counting extends FilterInputStream {
    volatile long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
