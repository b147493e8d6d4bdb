package org.arca.converter.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class LayerCompressionTest {
  private static final byte[] DATA = "some tar bytes, or anything".repeat(100).getBytes(StandardCharsets.US_ASCII);

  @Test
  void decompress_gzipZstdAndPlain_recognisedByMagicBytes() throws IOException {
    assertArrayEquals(DATA, read(gzip(DATA), null));
    assertArrayEquals(DATA, read(Zstd.compress(DATA), null));
    assertArrayEquals(DATA, read(DATA, null));
  }

  @Test
  void decompress_mislabelledLayer_readAsWhatItIs() throws IOException {
    assertArrayEquals(DATA, read(Zstd.compress(DATA), "application/vnd.oci.image.layer.v1.tar+gzip"));
    assertArrayEquals(DATA, read(gzip(DATA), "application/vnd.oci.image.layer.v1.tar"));
  }

  @Test
  void decompress_concatenatedGzipMembers_readToTheEnd() throws IOException {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(gzip(DATA));
    both.writeBytes(gzip(DATA));
    byte[] expected = new byte[DATA.length * 2];
    System.arraycopy(DATA, 0, expected, 0, DATA.length);
    System.arraycopy(DATA, 0, expected, DATA.length, DATA.length);
    assertArrayEquals(expected, read(both.toByteArray(), "application/vnd.docker.image.rootfs.diff.tar.gzip"));
  }

  @Test
  void announcedBy_mediaTypes_mapToCompressions() throws LayerFormatException {
    assertEquals(LayerCompression.GZIP, LayerCompression.announcedBy("application/vnd.oci.image.layer.v1.tar+gzip"));
    assertEquals(LayerCompression.GZIP,
        LayerCompression.announcedBy("application/vnd.docker.image.rootfs.diff.tar.gzip"));
    assertEquals(LayerCompression.ZSTD, LayerCompression.announcedBy("application/vnd.oci.image.layer.v1.tar+zstd"));
    assertEquals(LayerCompression.NONE, LayerCompression.announcedBy("application/vnd.oci.image.layer.v1.tar"));
    assertNull(LayerCompression.announcedBy("application/octet-stream"));
  }

  @Test
  void announcedBy_encryptedLayer_refused() {
    assertThrows(LayerFormatException.class,
        () -> LayerCompression.announcedBy("application/vnd.oci.image.layer.v1.tar+gzip+encrypted"));
  }

  private static byte[] read(byte[] blob, String mediaType) throws IOException {
    try (InputStream in = LayerCompression.decompress(new ByteArrayInputStream(blob), mediaType)) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
