package org.arca.converter.squashfs;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Writes file contents as squashfs data blocks and fragments. Blocks are compressed by a pool of threads, but
 * written strictly in the order they were handed in, so the output does not depend on scheduling: the caller's
 * thread reads the next blocks while the pool compresses. At most two blocks per thread, and never more than
 * {@link #IN_FLIGHT_BYTES} of them, are in flight, which bounds memory to a few buffers whatever the file sizes and
 * however many threads there are.
 *
 * <p>Every file's tail (the bytes after its last full block, or the whole of a small file) is packed into the current
 * fragment block, as {@code mksquashfs -always-use-fragments} does. A block of zeros is stored as a hole (size 0).
 */
final class DataWriter implements AutoCloseable {
  private static final int UNCOMPRESSED = 1 << 24;
  /**
   * Bytes of blocks in flight (each with its compressed copy) at most: 64 blocks of 128 KiB, enough to keep 32
   * threads busy; with 1 MiB blocks, 8 threads. Heap use stays the same on a machine with many cores.
   */
  static final int IN_FLIGHT_BYTES = 16 << 20;

  private final FileChannel channel;
  private final long base;
  private final int blockSize;
  private final ExecutorService pool;
  private final int maxInFlight;
  private final ThreadLocal<Compressor> compressors;
  private final List<Compressor> allCompressors = Collections.synchronizedList(new ArrayList<>());
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeBuffers = new ArrayDeque<>();
  private final byte[] zeros;
  private final List<long[]> fragments = new ArrayList<>();
  private final byte[] tailBuffer;
  private byte[] fragment;
  private int fragmentFill;
  private int fragmentCount;
  private long position;

  /**
   * Writes at {@code start} (relative to the filesystem) of the filesystem that begins at {@code base} in
   * {@code channel}.
   */
  DataWriter(FileChannel channel, long base, long start, SquashfsOptions options) {
    this.channel = channel;
    this.base = base;
    this.position = start;
    this.blockSize = options.blockSize();
    this.zeros = new byte[blockSize];
    this.maxInFlight = maxInFlight(options.threads(), blockSize);
    AtomicInteger threadNumber = new AtomicInteger();
    // a thread more than blocks in flight would never have work
    this.pool = Executors.newFixedThreadPool(Math.min(options.threads(), maxInFlight), task -> {
      Thread thread = new Thread(task, "arca-squashfs-compress-" + threadNumber.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.compressors = ThreadLocal.withInitial(() -> {
      try {
        Compressor compressor = Compressor.create(options);
        allCompressors.add(compressor);
        return compressor;
      } catch (IOException e) {
        throw new IllegalStateException("cannot create " + options.compression() + " compressor", e);
      }
    });
    this.fragment = new byte[blockSize];
    this.tailBuffer = new byte[blockSize];
  }

  /** How many blocks may be compressing or waiting to be written: two per thread, within {@link #IN_FLIGHT_BYTES}. */
  static int maxInFlight(int threads, int blockSize) {
    return (int) Math.max(1, Math.min(2L * threads, IN_FLIGHT_BYTES / (2L * blockSize)));
  }

  /** Streams exactly {@code size} bytes of one file from {@code content}; returns where they will lie. */
  FileLocation write(InputStream content, long size) throws IOException {
    return write(content, size, null, null);
  }

  /**
   * Streams exactly {@code size} bytes of one file from {@code content}, hashing them into {@code hasher} if given.
   * Once all bytes are read, {@code earlier} (if given) is asked for an already stored file with this hash; if there
   * is one, the blocks just written are given back (the next file overwrites them) and its location is returned.
   */
  FileLocation write(InputStream content, long size, MessageDigest hasher, Function<byte[], FileLocation> earlier)
      throws IOException {
    FileLocation location = new FileLocation(size, blockSize);
    for (int i = 0; i < location.blockSizes.length; i++) {
      byte[] buffer = takeBuffer();
      readFully(content, buffer, 0, blockSize);
      if (hasher != null) {
        hasher.update(buffer, 0, blockSize);
      }
      submit(new Job(location, i, buffer, blockSize));
    }
    int tail = (int) (size % blockSize);
    readFully(content, tailBuffer, 0, tail);
    if (hasher != null) {
      hasher.update(tailBuffer, 0, tail);
      FileLocation stored = earlier == null ? null : earlier.apply(hasher.digest());
      if (stored != null) {
        giveBack(location);
        return stored;
      }
    }
    if (tail > 0) {
      if (fragmentFill + tail > blockSize) {
        submitFragment();
      }
      System.arraycopy(tailBuffer, 0, fragment, fragmentFill, tail);
      location.fragment = fragmentCount;
      location.fragmentOffset = fragmentFill;
      fragmentFill += tail;
    }
    return location;
  }

  /** Forgets the blocks of the file just written: they are the last ones, so the next data goes where they began. */
  private void giveBack(FileLocation location) throws IOException {
    while (!pending.isEmpty()) {
      completeOldest();
    }
    if (location.blockSizes.length > 0) {
      position = location.start;
    }
  }

  /** Writes the last fragment and waits for every block; returns the position after the data. */
  long finish() throws IOException {
    if (fragmentFill > 0) {
      submitFragment();
    }
    while (!pending.isEmpty()) {
      completeOldest();
    }
    return position;
  }

  /** Fragment table entries: position and stored size (bit 24 set when uncompressed) of each fragment block. */
  List<long[]> fragments() {
    return fragments;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      // a block being compressed finishes first: its compressor must not be freed under it
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (allCompressors) {
      allCompressors.forEach(Compressor::close);
      allCompressors.clear();
    }
  }

  private void submitFragment() throws IOException {
    submit(new Job(null, fragmentCount, fragment, fragmentFill));
    fragmentCount++;
    fragment = takeBuffer();
    fragmentFill = 0;
  }

  private void submit(Job job) throws IOException {
    byte[] target = takeBuffer();
    pending.add(new Pending(job, target, pool.submit(() -> job.compress(target))));
    while (pending.size() > maxInFlight) {
      completeOldest();
    }
  }

  private void completeOldest() throws IOException {
    Pending oldest = pending.removeFirst();
    int compressed;
    try {
      compressed = oldest.result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing a data block failed", e.getCause());
    }
    Job job = oldest.job;
    if (job.location != null && job.index == 0) {
      job.location.start = position;
    }
    int stored;
    if (compressed == Job.ZEROS) {
      stored = 0;
      job.location.sparseBytes += job.length;
    } else if (compressed > 0) {
      write(oldest.target, compressed);
      stored = compressed;
    } else {
      write(job.source, job.length);
      stored = job.length | UNCOMPRESSED;
    }
    if (job.location != null) {
      job.location.blockSizes[job.index] = stored;
    } else {
      fragments.add(new long[] {position - (stored & ~UNCOMPRESSED), stored});
    }
    freeBuffers.add(job.source);
    freeBuffers.add(oldest.target);
  }

  private void write(byte[] data, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, base + position);
    }
  }

  private byte[] takeBuffer() {
    byte[] buffer = freeBuffers.pollFirst();
    return buffer != null ? buffer : new byte[blockSize];
  }

  private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
    int n = in.readNBytes(buffer, offset, length);
    if (n < length) {
      throw new EOFException("file content ended " + (length - n) + " bytes early");
    }
  }

  /** A block to compress: a data block of a file ({@code location} set) or a fragment block. */
  private final class Job {
    static final int ZEROS = -2;

    final FileLocation location;
    final int index;
    final byte[] source;
    final int length;

    Job(FileLocation location, int index, byte[] source, int length) {
      this.location = location;
      this.index = index;
      this.source = source;
      this.length = length;
    }

    /** Runs on a pool thread: the compressed length, -1 to store as is, or {@link #ZEROS} for a hole. */
    int compress(byte[] target) throws IOException {
      if (location != null && Arrays.mismatch(source, 0, length, zeros, 0, length) < 0) {
        return ZEROS;
      }
      return compressors.get().compress(source, length, target);
    }
  }

  private record Pending(Job job, byte[] target, Future<Integer> result) {}
}
