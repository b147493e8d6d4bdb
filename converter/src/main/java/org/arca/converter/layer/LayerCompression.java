package org.arca.converter.layer;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * How a layer blob is compressed. The media type says what to expect and the magic bytes decide, as in Docker and
 * containerd: a media type that says {@code +gzip} over zstd bytes (or no suffix over gzip bytes) is a mislabelled
 * layer, not a corrupt one, and is read as what it is, with a warning. Encrypted layers are refused.
 */
public enum LayerCompression {
  NONE,
  GZIP,
  ZSTD,
  BZIP2,
  XZ;

  private static final int BUFFER = 64 * 1024;
  private static final System.Logger LOG = System.getLogger(LayerCompression.class.getName());

  /** What a layer media type announces, or null when it announces nothing Arca knows. */
  public static LayerCompression announcedBy(String mediaType) throws LayerFormatException {
    if (mediaType == null) {
      return null;
    }
    if (mediaType.contains("+encrypted")) {
      throw new LayerFormatException("layer media type " + mediaType + ": encrypted layers cannot be converted");
    }
    if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) {
      return GZIP;
    }
    if (mediaType.endsWith("+zstd")) {
      return ZSTD;
    }
    if (mediaType.endsWith(".tar")) {
      return NONE;
    }
    return null;
  }

  /** The compression the first bytes of a blob show. */
  public static LayerCompression detect(byte[] head, int length) {
    if (startsWith(head, length, 0x1f, 0x8b)) {
      return GZIP;
    }
    if (startsWith(head, length, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ZSTD;
    }
    if (startsWith(head, length, 'B', 'Z', 'h')) {
      return BZIP2;
    }
    if (startsWith(head, length, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return XZ;
    }
    return NONE;
  }

  /** The uncompressed tar stream of a layer blob; closing it closes {@code raw}. */
  public static InputStream decompress(InputStream raw) throws IOException {
    return decompress(raw, null);
  }

  /** The uncompressed tar stream of a layer blob of type {@code mediaType}; closing it closes {@code raw}. */
  public static InputStream decompress(InputStream raw, String mediaType) throws IOException {
    LayerCompression announced = announcedBy(mediaType);
    BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
    buffered.mark(8);
    byte[] head = buffered.readNBytes(6);
    buffered.reset();
    LayerCompression actual = detect(head, head.length);
    if (announced != null && announced != actual && head.length > 0) {
      LOG.log(System.Logger.Level.WARNING, "layer of media type {0} is {1}; reading it as {1}", mediaType, actual);
    }
    return switch (actual) {
      case NONE -> buffered;
      // gzip and bzip2 layers may be several concatenated members (pigz, parallel writers)
      case GZIP -> new BufferedInputStream(new GzipCompressorInputStream(buffered, true), BUFFER);
      case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(buffered), BUFFER);
      case BZIP2 -> new BufferedInputStream(new BZip2CompressorInputStream(buffered, true), BUFFER);
      case XZ -> new BufferedInputStream(new XZInputStream(buffered), BUFFER);
    };
  }

  private static boolean startsWith(byte[] head, int length, int... magic) {
    if (length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
