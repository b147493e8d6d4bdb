package org.arca.converter.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.arca.converter.tree.ByteStrings;
import org.junit.jupiter.api.Test;

class TarReaderTest {

  @Test
  void next_paxHeaders_supplyLongNameLinkAndXattrs() throws IOException {
    String longName = "dir/" + "x".repeat(200);
    String longTarget = "/" + "t".repeat(150);
    byte[] tar = commonsCompress(TarArchiveOutputStream.LONGFILE_POSIX, out -> {
      TarArchiveEntry file = new TarArchiveEntry(longName);
      file.setSize(3);
      file.addPaxHeader("SCHILY.xattr.user.note", "hi");
      out.putArchiveEntry(file);
      out.write("abc".getBytes(StandardCharsets.US_ASCII));
      out.closeArchiveEntry();
      TarArchiveEntry link = new TarArchiveEntry("link", TarConstants.LF_SYMLINK);
      link.setLinkName(longTarget);
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
    });
    TarReader reader = reader(tar);
    TarEntry file = reader.next();
    assertEquals(longName, file.name());
    assertEquals(0, file.ordinal());
    assertEquals(3, file.size());
    assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), file.xattrs().get("user.note"));
    assertEquals("abc", new String(reader.content().readAllBytes(), StandardCharsets.US_ASCII));
    TarEntry link = reader.next();
    assertEquals(TarEntry.Kind.SYMLINK, link.kind());
    assertEquals(longTarget, link.linkName());
    assertEquals(1, link.ordinal());
    assertNull(reader.next());
  }

  @Test
  void next_gnuLongNames_supplyLongNameAndLinkTarget() throws IOException {
    String longName = "g".repeat(180);
    byte[] tar = commonsCompress(TarArchiveOutputStream.LONGFILE_GNU, out -> {
      TarArchiveEntry hard = new TarArchiveEntry(longName, TarConstants.LF_LINK);
      hard.setLinkName("h".repeat(120));
      out.putArchiveEntry(hard);
      out.closeArchiveEntry();
    });
    TarEntry entry = reader(tar).next();
    assertEquals(longName, entry.name());
    assertEquals("h".repeat(120), entry.linkName());
    assertEquals(TarEntry.Kind.HARD_LINK, entry.kind());
  }

  @Test
  void next_binaryXattrValueAndNonUtf8Name_keptByteForByte() throws IOException {
    byte[] value = {0x01, 0x00, (byte) 0x80, (byte) 0xff, (byte) 0xc3, 0x28};
    byte[] name = {'c', 'a', 'f', (byte) 0xe9};
    byte[] tar = new RawTar()
        .pax(RawTar.record("SCHILY.xattr.security.capability", value), RawTar.record("path", name))
        .header("ignored", '0', 0, null)
        .end();
    TarEntry entry = reader(tar).next();
    assertArrayEquals(value, entry.xattrs().get("security.capability"));
    assertArrayEquals(name, ByteStrings.bytes(entry.name()));
  }

  @Test
  void next_ustarPrefix_joinedToName() throws IOException {
    byte[] tar = new RawTar().header("file", '0', 0, "some/prefix").end();
    assertEquals("some/prefix/file", reader(tar).next().name());
  }

  @Test
  void next_base256Numbers_decoded() throws IOException {
    byte[] uid = {(byte) 0x80, 0, 0, 0, 0, 0x7f, (byte) 0xff, (byte) 0xff};
    byte[] negativeTime = new byte[12];
    java.util.Arrays.fill(negativeTime, (byte) 0xff); // -1 in two's complement
    byte[] tar = new RawTar().header("f", '0', 0, null, RawTar.field(108, uid), RawTar.field(136, negativeTime))
        .end();
    TarEntry entry = reader(tar).next();
    assertEquals(0x7fffffL, entry.uid());
    assertEquals(-1, entry.mtime());
  }

  @Test
  void next_v7DirectoryWithTrailingSlash_isDirectory() throws IOException {
    byte[] tar = new RawTar().header("olddir/", '\0', 0, null).end();
    assertEquals(TarEntry.Kind.DIRECTORY, reader(tar).next().kind());
  }

  @Test
  void next_headerOnlyTypeStatingSize_hasNoContent() throws IOException {
    // as Go's reader: a hard link's size says nothing about data following it
    byte[] tar = new RawTar().header("hl", '1', 999, null, RawTar.field(157, (byte) 't'))
        .header("after", '0', 1, null).content(new byte[] {'z'}).end();
    TarReader reader = reader(tar);
    assertEquals(0, reader.next().size());
    TarEntry after = reader.next();
    assertEquals("after", after.name());
    assertEquals(1, after.ordinal());
  }

  @Test
  void next_skipsUnreadContent() throws IOException {
    byte[] tar = new RawTar().header("a", '0', 700, null).content(new byte[700])
        .header("b", '0', 0, null).end();
    TarReader reader = reader(tar);
    reader.next();
    assertEquals("b", reader.next().name());
  }

  @Test
  void next_devices_carryMajorAndMinor() throws IOException {
    byte[] tar = new RawTar().header("dev/x", '3', 0, null,
        new RawTar.Field(329, RawTar.octal(259, 8)), new RawTar.Field(337, RawTar.octal(70000, 8))).end();
    TarEntry entry = reader(tar).next();
    assertEquals(TarEntry.Kind.CHAR_DEVICE, entry.kind());
    assertEquals(259, entry.deviceMajor());
    assertEquals(70000, entry.deviceMinor());
  }

  @Test
  void next_badChecksum_throwsLayerFormatException() {
    byte[] tar = new RawTar().header("f", '0', 0, null).end();
    tar[0] = 'g';
    assertThrows(LayerFormatException.class, () -> reader(tar).next());
  }

  @Test
  void next_gnuSparseMember_isRefused() {
    byte[] tar = new RawTar().header("sparse", 'S', 0, null).end();
    assertThrows(LayerFormatException.class, () -> reader(tar).next());
  }

  @Test
  void content_truncatedArchive_throwsEof() {
    byte[] full = new RawTar().header("f", '0', 1000, null).content(new byte[1000]).end();
    byte[] truncated = java.util.Arrays.copyOf(full, 700);
    assertThrows(java.io.EOFException.class, () -> {
      TarReader reader = reader(truncated);
      reader.next();
      reader.content().readAllBytes();
    });
  }

  @Test
  void paxRecords_malformedLength_refused() {
    assertThrows(LayerFormatException.class,
        () -> TarReader.paxRecords("99 path=x\n".getBytes(StandardCharsets.US_ASCII)));
  }

  private interface TarBody {
    void write(TarArchiveOutputStream out) throws IOException;
  }

  private static byte[] commonsCompress(int longFileMode, TarBody body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(longFileMode);
      body.write(out);
    }
    return bytes.toByteArray();
  }

  private static TarReader reader(byte[] tar) {
    return new TarReader(new BufferedInputStream(new ByteArrayInputStream(tar)));
  }
}
