package org.arca.core.image;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * How a layer blob is compressed, and the one place where Arca opens a layer as its tar stream: the converter and
 * search both read layers through {@link #decompress}. The media type says what to expect and the magic bytes decide,
 * as in Docker and containerd: a media type that says {@code +gzip} over zstd bytes (or no suffix over gzip bytes) is a
 * mislabelled layer, not a corrupt one, and is read as what it is, with a warning. Encrypted layers are refused.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md">image-spec: layers</a>
 */
public enum LayerCompression {
  NONE,
  GZIP,
  ZSTD,
  BZIP2,
  XZ;

  private static final int BUFFER = 64 * 1024;
  /**
   * The most memory an xz layer may ask for, in KiB. {@code xz -9} needs 65 MiB to decompress; without a limit the
   * dictionary size in a stream's header decides what is allocated.
   */
  private static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;
  private static final System.Logger LOG = System.getLogger(LayerCompression.class.getName());

  /** What a layer media type announces, or null when it announces nothing Arca knows. */
  static LayerCompression announcedBy(String mediaType) throws EncryptedLayerException {
    if (mediaType == null) {
      return null;
    }
    if (mediaType.contains("+encrypted")) {
      throw new EncryptedLayerException("layer media type " + mediaType + ": encrypted layers cannot be read");
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
  static LayerCompression detect(byte[] head, int length) {
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

  /** The uncompressed tar stream of a layer blob, by its magic bytes alone; closing it closes {@code raw}. */
  public static InputStream decompress(InputStream raw) throws IOException {
    return decompress(raw, null);
  }

  /**
   * The uncompressed tar stream of a layer blob of type {@code mediaType} (null if unknown); closing it closes
   * {@code raw}. The stream is read as it is consumed, through buffers of a fixed size.
   *
   * @throws EncryptedLayerException if the media type says the layer is encrypted
   */
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
      // gzip and bzip2 layers may be several concatenated members (pigz, parallel writers); xz and zstd decoders
      // read concatenated streams and frames by themselves
      case GZIP -> new BufferedInputStream(new GzipCompressorInputStream(buffered, true), BUFFER);
      case ZSTD -> new BufferedInputStream(new ZstdInputStreamNoFinalizer(buffered), BUFFER);
      case BZIP2 -> new BufferedInputStream(new BZip2CompressorInputStream(buffered, true), BUFFER);
      case XZ -> new BufferedInputStream(new XZInputStream(buffered, XZ_MEMORY_LIMIT_KIB), BUFFER);
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
