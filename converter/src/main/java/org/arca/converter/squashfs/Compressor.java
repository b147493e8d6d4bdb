package org.arca.converter.squashfs;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Compresses one block at a time. Not thread-safe: each compression thread has its own. A block that does not
 * shrink is stored uncompressed, as mksquashfs does, so {@link #compress} reports that instead of returning it.
 */
interface Compressor extends AutoCloseable {

  /**
   * Compresses {@code source[0, length)} into {@code target} (at least {@code length} long); returns the compressed
   * length, or -1 if it would not be smaller than {@code length}.
   */
  int compress(byte[] source, int length, byte[] target) throws IOException;

  @Override
  void close();

  static Compressor create(SquashfsOptions options) throws IOException {
    return switch (options.compression()) {
      case GZIP -> new Zlib(options.level());
      case XZ -> new Xz(options.level(), options.blockSize());
      case ZSTD -> new Zstd(options.level());
    };
  }

  /** zlib format (RFC 1950), which is what squashfs's "gzip" compressor reads. */
  final class Zlib implements Compressor {
    private final Deflater deflater;

    Zlib(int level) {
      this.deflater = new Deflater(level);
    }

    @Override
    public int compress(byte[] source, int length, byte[] target) {
      deflater.reset();
      deflater.setInput(source, 0, length);
      deflater.finish();
      int size = 0;
      while (!deflater.finished()) {
        if (size >= length) {
          return -1;
        }
        size += deflater.deflate(target, size, length - size);
      }
      return size < length ? size : -1;
    }

    @Override
    public void close() {
      deflater.end();
    }
  }

  /** An .xz stream with CRC32 check and one LZMA2 filter whose dictionary is the block size (the kernel's limit). */
  final class Xz implements Compressor {
    private final LZMA2Options options;
    private final ArrayCache cache = new BasicArrayCache();
    private final BoundedSink sink = new BoundedSink();

    Xz(int level, int blockSize) throws IOException {
      this.options = new LZMA2Options(level);
      options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, blockSize));
    }

    @Override
    public int compress(byte[] source, int length, byte[] target) throws IOException {
      sink.reset(target, length);
      try {
        // finish, not close: after a Full the stream would throw it again from close
        XZOutputStream xz = new XZOutputStream(sink, options, XZ.CHECK_CRC32, cache);
        xz.write(source, 0, length);
        xz.finish();
      } catch (BoundedSink.Full full) {
        return -1;
      }
      return sink.size < length ? sink.size : -1;
    }

    @Override
    public void close() {
      // nothing native
    }

    /** Writes into the caller's array and gives up as soon as the output is no smaller than the input. */
    private static final class BoundedSink extends OutputStream {
      private byte[] target;
      private int limit;
      private int size;

      void reset(byte[] newTarget, int newLimit) {
        this.target = newTarget;
        this.limit = newLimit;
        this.size = 0;
      }

      @Override
      public void write(int b) throws IOException {
        if (size >= limit) {
          throw new Full();
        }
        target[size++] = (byte) b;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (size + len > limit) {
          throw new Full();
        }
        System.arraycopy(b, off, target, size, len);
        size += len;
      }

      static final class Full extends IOException {
        Full() {
          super("compressed block not smaller than its input", null);
        }
      }
    }
  }

  /** One zstd frame per block. */
  final class Zstd implements Compressor {
    private final ZstdCompressCtx context = new ZstdCompressCtx();

    Zstd(int level) {
      context.setLevel(level);
    }

    @Override
    public int compress(byte[] source, int length, byte[] target) {
      try {
        int size = context.compressByteArray(target, 0, length, source, 0, length);
        return size < length ? size : -1;
      } catch (ZstdException tooSmall) {
        return -1;
      }
    }

    @Override
    public void close() {
      context.close();
    }
  }
}
