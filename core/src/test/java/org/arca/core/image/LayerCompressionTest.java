package org.arca.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZOutputStream;

class LayerCompressionTest {
  private static final Map<String, String> FILES = files();
  private static final byte[] TAR = tar(FILES);
  private static final String OCI_TAR = "application/vnd.oci.image.layer.v1.tar";
  private static final String OCI_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final String OCI_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  private static final String DOCKER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

  @ParameterizedTest
  @EnumSource(LayerCompression.class)
  void decompress_eachCompressionWithoutMediaType_readsTheTarEntries(LayerCompression compression) throws IOException {
    assertEquals(FILES, entries(compress(TAR, compression), null));
  }

  @ParameterizedTest
  @EnumSource(LayerCompression.class)
  void decompress_eachCompressionUnderEveryLayerMediaType_readAsWhatItIs(LayerCompression compression)
      throws IOException {
    byte[] blob = compress(TAR, compression);
    for (String mediaType : new String[] {OCI_TAR, OCI_GZIP, OCI_ZSTD, DOCKER_GZIP, "application/octet-stream"}) {
      assertEquals(FILES, entries(blob, mediaType), compression + " labelled " + mediaType);
    }
  }

  @Test
  void decompress_concatenatedGzipMembers_readToTheEnd() throws IOException {
    // pigz and parallel writers split a layer into members; the tar's second half is in the second member
    int half = TAR.length / 2;
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    members.writeBytes(gzip(TAR, 0, half));
    members.writeBytes(gzip(TAR, half, TAR.length - half));
    assertEquals(FILES, entries(members.toByteArray(), DOCKER_GZIP));
  }

  @Test
  void decompress_concatenatedBzip2Streams_readToTheEnd() throws IOException {
    int half = TAR.length / 2;
    ByteArrayOutputStream streams = new ByteArrayOutputStream();
    streams.writeBytes(compress(Arrays.copyOfRange(TAR, 0, half), LayerCompression.BZIP2));
    streams.writeBytes(compress(Arrays.copyOfRange(TAR, half, TAR.length), LayerCompression.BZIP2));
    assertEquals(FILES, entries(streams.toByteArray(), null));
  }

  @Test
  void decompress_xzAskingForMoreMemoryThanTheLimit_refused() throws IOException {
    byte[] blob = compress(TAR, LayerCompression.XZ);
    // the block header after the 12-byte stream header: size, flags, filter id 0x21 (LZMA2), 1 property byte, which
    // encodes the dictionary size; 30 means 128 MiB, which a stream header may ask for without holding that much data
    int header = 12;
    int headerSize = ((blob[header] & 0xff) + 1) * 4;
    assertEquals(0x21, blob[header + 2]);
    blob[header + 4] = 30;
    CRC32 crc = new CRC32();
    crc.update(blob, header, headerSize - 4);
    ByteBuffer.wrap(blob, header + headerSize - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
    assertThrows(MemoryLimitException.class, () -> entries(blob, OCI_TAR));
  }

  @Test
  void announcedBy_mediaTypes_mapToCompressions() throws IOException {
    assertEquals(LayerCompression.GZIP, LayerCompression.announcedBy(OCI_GZIP));
    assertEquals(LayerCompression.GZIP, LayerCompression.announcedBy(DOCKER_GZIP));
    assertEquals(LayerCompression.ZSTD, LayerCompression.announcedBy(OCI_ZSTD));
    assertEquals(LayerCompression.NONE, LayerCompression.announcedBy(OCI_TAR));
    assertNull(LayerCompression.announcedBy("application/octet-stream"));
  }

  @ParameterizedTest
  @ValueSource(strings = {OCI_GZIP + "+encrypted", OCI_TAR + "+encrypted"})
  void decompress_encryptedLayer_refused(String mediaType) {
    assertThrows(EncryptedLayerException.class,
        () -> LayerCompression.decompress(new ByteArrayInputStream(TAR), mediaType));
  }

  private static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("etc/os-release", "ID=debian\n");
    files.put("usr/share/doc/arca/README", "Arca reads layers in every compression.\n".repeat(200));
    files.put("var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\nVersion: 5.2\n");
    return files;
  }

  /** The path and content of each regular file in a layer blob, read back through the decompressor. */
  private static Map<String, String> entries(byte[] blob, String mediaType) throws IOException {
    Map<String, String> read = new LinkedHashMap<>();
    try (InputStream in = LayerCompression.decompress(new ByteArrayInputStream(blob), mediaType);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        read.put(entry.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return read;
  }

  private static byte[] tar(Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static byte[] compress(byte[] data, LayerCompression compression) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream compressing = switch (compression) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out);
      case ZSTD -> new ZstdOutputStream(out);
      case BZIP2 -> new BZip2CompressorOutputStream(out);
      case XZ -> new XZOutputStream(out, new LZMA2Options());
    }) {
      compressing.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data, int offset, int length) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data, offset, length);
    }
    return out.toByteArray();
  }
}
