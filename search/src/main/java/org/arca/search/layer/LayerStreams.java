package org.arca.search.layer;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Opens a layer blob as a tar stream, uncompressing gzip or zstd by the stream's magic bytes rather than the
 * descriptor's media type, since Docker and OCI clients label compressed layers in several ways.
 */
public final class LayerStreams {
  private static final int GZIP_MAGIC = 0x1f8b;
  /** The zstd frame magic number 0xFD2FB528, as it appears in the stream (little-endian). */
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};

  private LayerStreams() {}

  public static TarArchiveInputStream tar(InputStream blob) throws IOException {
    return new TarArchiveInputStream(uncompressed(blob));
  }

  /** The layer's tar bytes; the caller closes the returned stream, which closes {@code blob}. */
  public static InputStream uncompressed(InputStream blob) throws IOException {
    BufferedInputStream in = new BufferedInputStream(blob, 64 * 1024);
    in.mark(4);
    byte[] head = in.readNBytes(4);
    in.reset();
    if (head.length >= 2 && ((head[0] & 0xff) << 8 | head[1] & 0xff) == GZIP_MAGIC) {
      return new BufferedInputStream(new GZIPInputStream(in, 64 * 1024), 64 * 1024);
    }
    if (java.util.Arrays.equals(head, ZSTD_MAGIC)) {
      return new BufferedInputStream(new ZstdInputStream(in), 64 * 1024);
    }
    return in;
  }
}
