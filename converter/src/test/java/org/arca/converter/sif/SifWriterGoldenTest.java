package org.arca.converter.sif;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.arca.converter.sif.SifObject.FsType;
import org.arca.converter.sif.SifObject.PartType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SIF writer against sylabs/sif's golden files ({@code pkg/sif/testdata/TestCreateContainer}), byte for byte.
 * Each test sets the options the golden file was created with in sylabs/sif's {@code create_test.go}; all use
 * {@code OptCreateDeterministic} (nil UUID, Go's zero time) unless they override it.
 */
class SifWriterGoldenTest {
  private static final Path GOLDEN = Path.of("/work/shared/specs/sif-golden");
  private static final UUID NIL = new UUID(0, 0);
  private static final byte[] FACE = {(byte) 0xfa, (byte) 0xce};
  private static final byte[] FEED = {(byte) 0xfe, (byte) 0xed};

  @TempDir
  Path dir;

  @Test
  void empty_deterministic_matchesGolden() throws IOException {
    assertGolden("Empty", writer -> {});
  }

  @Test
  void emptyCloseOnUnload_sameBytesAsEmpty_matchesGolden() throws IOException {
    // closing the underlying file is an API concern of sylabs/sif; the bytes are those of Empty
    assertGolden("EmptyCloseOnUnload", writer -> {});
  }

  @Test
  void emptyLaunchScript_scriptInHeader_matchesGolden() throws IOException {
    byte[] actual = write("#!/usr/bin/env launch-script\n", NIL, SifWriter.UNSET_TIME, 48, writer -> {});
    assertArrayEquals(golden("EmptyLaunchScript"), actual);
  }

  @Test
  void emptyWithId_uuidInHeader_matchesGolden() throws IOException {
    UUID id = UUID.fromString("de170c43-36ab-44a8-bca9-1ea1a070a274");
    assertArrayEquals(golden("EmptyWithID"), write("", id, SifWriter.UNSET_TIME, 48, writer -> {}));
  }

  @Test
  void emptyWithTime_year2000_matchesGolden() throws IOException {
    assertArrayEquals(golden("EmptyWithTime"), write("", NIL, 946702800L, 48, writer -> {}));
  }

  @Test
  void emptyDescriptorLimitedCapacity_oneSlot_matchesGolden() throws IOException {
    assertArrayEquals(golden("EmptyDescriptorLimitedCapacity"),
        write("", NIL, SifWriter.UNSET_TIME, 1, writer -> {}));
  }

  @Test
  void oneDescriptor_genericObject_matchesGolden() throws IOException {
    assertGolden("OneDescriptor", writer -> writer.add(SifObject.of(SifDataType.GENERIC, ""), FACE));
  }

  @Test
  void twoDescriptors_partitionAlignedTo4096_matchesGolden() throws IOException {
    assertGolden("TwoDescriptors", writer -> {
      writer.add(SifObject.of(SifDataType.GENERIC, ""), FACE);
      writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "01"), FEED);
    });
  }

  @Test
  void twoDescriptorsNotAligned_alignmentZero_matchesGolden() throws IOException {
    assertGolden("TwoDescriptorsNotAligned", writer -> {
      writer.add(SifObject.of(SifDataType.GENERIC, "").withAlignment(0), FACE);
      writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "01").withAlignment(0), FEED);
    });
  }

  @Test
  void twoDescriptorsAligned_alignmentFour_matchesGolden() throws IOException {
    assertGolden("TwoDescriptorsAligned", writer -> {
      writer.add(SifObject.of(SifDataType.GENERIC, "").withAlignment(4), FACE);
      writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "01").withAlignment(4), FEED);
    });
  }

  @Test
  void add_beyondCapacity_isRefused() throws IOException {
    try (FileChannel channel = open(dir.resolve("full.sif"))) {
      SifWriter writer = new SifWriter(channel, "", NIL, SifWriter.UNSET_TIME, 0);
      assertThrows(IllegalStateException.class, () -> writer.add(SifObject.of(SifDataType.GENERIC, ""), FACE));
    }
  }

  @Test
  void add_secondPrimaryPartition_isRefused() throws IOException {
    try (FileChannel channel = open(dir.resolve("two.sif"))) {
      SifWriter writer = new SifWriter(channel, "", NIL, SifWriter.UNSET_TIME, 48);
      writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "02"), FEED);
      assertThrows(IllegalStateException.class,
          () -> writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "02"), FEED));
    }
  }

  @Test
  void beginEnd_contentWrittenInPlace_sameAsAdd() throws IOException {
    byte[] viaAdd = write("", NIL, 5, 48, writer -> {
      writer.add(SifObject.of(SifDataType.DEFFILE, ""), FACE);
      writer.add(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "02"), FEED);
    });
    Path file = dir.resolve("in-place.sif");
    try (FileChannel channel = open(file)) {
      SifWriter writer = new SifWriter(channel, "", NIL, 5, 48);
      writer.add(SifObject.of(SifDataType.DEFFILE, ""), FACE);
      long offset = writer.begin(SifObject.partition(FsType.SQUASHFS, PartType.PRIMARY_SYSTEM, "02"));
      channel.write(java.nio.ByteBuffer.wrap(FEED), offset);
      writer.end(FEED.length);
      assertEquals(viaAdd.length, writer.finish());
    }
    assertArrayEquals(viaAdd, Files.readAllBytes(file));
  }

  private interface Body {
    void write(SifWriter writer) throws IOException;
  }

  private void assertGolden(String name, Body body) throws IOException {
    assertArrayEquals(golden(name), write("", NIL, SifWriter.UNSET_TIME, 48, body), name);
  }

  private byte[] write(String launch, UUID id, long time, int capacity, Body body) throws IOException {
    Path file = Files.createTempFile(dir, "golden", ".sif");
    try (FileChannel channel = open(file)) {
      SifWriter writer = new SifWriter(channel, launch, id, time, capacity);
      body.write(writer);
      writer.finish();
    }
    return Files.readAllBytes(file);
  }

  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static byte[] golden(String name) throws IOException {
    return Files.readAllBytes(GOLDEN.resolve(name + ".golden"));
  }
}
