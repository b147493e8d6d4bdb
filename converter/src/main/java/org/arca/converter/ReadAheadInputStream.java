package org.arca.converter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a thread of its own, at most {@link #CHUNKS} chunks ahead of the reader: a layer is read from
 * disk, hashed and decompressed there while the converter's thread parses tar headers, hashes file contents and hands
 * blocks to the compression threads. The bytes are the same as the source's; only the work moves.
 *
 * <p>An exception of the source reaches the reader, the same instance, at the point where the bytes ran out.
 * {@link #close} stops the reading thread and waits for it, but does not close the source: after it, the caller's
 * thread may read on from the source (or from a stream under it) where the reading thread left off.
 */
final class ReadAheadInputStream extends InputStream {
  static final int CHUNK = 64 * 1024;
  static final int CHUNKS = 4;

  private final InputStream source;
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
  private final Thread reader;
  private volatile boolean closed;
  private Chunk current;
  private int position;
  private boolean ended;
  private Throwable failure;

  ReadAheadInputStream(InputStream source, String threadName) {
    this.source = source;
    for (int i = 0; i < CHUNKS; i++) {
      free.add(new byte[CHUNK]);
    }
    this.reader = new Thread(this::readAhead, threadName);
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current.bytes[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    // one chunk at most: waiting for the next, or meeting the source's failure, must not hold back what is here
    int n = Math.min(length, current.length - position);
    System.arraycopy(current.bytes, position, buffer, offset, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return currentLength() - position;
  }

  /** Stops the reading thread and waits until it has let go of the source; the source stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    // the reading thread may wait for a free chunk: give it one, so that it sees it is closed
    free.offer(new byte[0]);
    boolean interrupted = false;
    while (reader.isAlive()) {
      try {
        reader.join();
      } catch (InterruptedException e) {
        // not interrupting the reader: an interrupt would close a file channel under it
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private int currentLength() {
    return current == null ? 0 : current.length;
  }

  /** Makes {@code current} a chunk with unread bytes; false at the end of the source. */
  private boolean fill() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    while (current == null || position == current.length) {
      if (failure != null) {
        throw rethrow(failure);
      }
      if (ended) {
        return false;
      }
      if (current != null) {
        free.add(current.bytes);
        current = null;
      }
      Chunk next;
      try {
        next = filled.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the layer");
      }
      if (next.failure != null) {
        failure = next.failure;
        throw rethrow(failure);
      }
      if (next.length < 0) {
        ended = true;
        return false;
      }
      current = next;
      position = 0;
    }
    return true;
  }

  private static IOException rethrow(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  /** The reading thread: fills free chunks until the source ends, fails, or the stream is closed. */
  private void readAhead() {
    try {
      while (true) {
        byte[] bytes = free.take();
        if (closed) {
          return;
        }
        int n = 0;
        boolean end = false;
        try {
          while (n < bytes.length && !end) {
            int r = source.read(bytes, n, bytes.length - n);
            end = r < 0;
            n += Math.max(r, 0);
          }
        } catch (Throwable failure) {
          // the bytes before the failure first; filled has room for every chunk and one more
          if (n > 0) {
            filled.put(new Chunk(bytes, n, null));
          }
          filled.put(new Chunk(null, -1, failure));
          return;
        }
        if (n > 0) {
          filled.put(new Chunk(bytes, n, null));
        }
        if (end) {
          filled.put(Chunk.END);
          return;
        }
      }
    } catch (InterruptedException e) {
      // nothing interrupts this thread; if something does, it ends
    }
  }

  /** Bytes read ahead; or the end of the source ({@code length} -1), or its {@code failure}. */
  private record Chunk(byte[] bytes, int length, Throwable failure) {
    static final Chunk END = new Chunk(new byte[0], -1, null);
  }
}
