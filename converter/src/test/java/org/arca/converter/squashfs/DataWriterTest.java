package org.arca.converter.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataWriterTest {
  private static final int BLOCK = 4096;

  @TempDir
  Path dir;

  @Test
  void write_blocksOfZeros_storedAsHoles() throws IOException {
    List<FileLocation> locations = new ArrayList<>();
    write(1, List.of(new byte[3 * BLOCK + 10]), locations);
    FileLocation zeros = locations.get(0);
    assertArrayEquals(new int[] {0, 0, 0}, zeros.blockSizes);
    assertEquals(3 * BLOCK, zeros.sparseBytes);
    assertEquals(0, zeros.fragment, "the 10-byte tail goes to the first fragment");
  }

  @Test
  void write_incompressibleBlock_storedUncompressed() throws IOException {
    byte[] noise = new byte[BLOCK];
    new Random(3).nextBytes(noise);
    List<FileLocation> locations = new ArrayList<>();
    write(1, List.of(noise), locations);
    assertEquals(BLOCK | 1 << 24, locations.get(0).blockSizes[0]);
  }

  @Test
  void write_smallFiles_packedIntoFragmentsWithoutSplitting() throws IOException {
    List<FileLocation> locations = new ArrayList<>();
    List<long[]> fragments = write(1, List.of(new byte[3000], new byte[3000], new byte[1000]), locations);
    assertEquals(0, locations.get(0).fragment);
    assertEquals(0, locations.get(0).fragmentOffset);
    assertEquals(1, locations.get(1).fragment, "3000 more bytes do not fit the 4096-byte fragment");
    assertEquals(1, locations.get(2).fragment);
    assertEquals(3000, locations.get(2).fragmentOffset);
    assertEquals(2, fragments.size());
  }

  @Test
  void write_differentThreadCounts_sameBytes() throws IOException {
    List<byte[]> files = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      byte[] file = new byte[random.nextInt(5 * BLOCK)];
      for (int j = 0; j < file.length; j++) {
        file[j] = (byte) (random.nextInt(16) * (j % 3));
      }
      files.add(file);
    }
    write(1, files, new ArrayList<>());
    byte[] oneThread = Files.readAllBytes(dir.resolve("data-1"));
    write(4, files, new ArrayList<>());
    assertArrayEquals(oneThread, Files.readAllBytes(dir.resolve("data-4")));
  }

  @Test
  void maxInFlight_twoBlocksPerThreadWithinTheByteBudget() {
    assertEquals(4, DataWriter.maxInFlight(2, 128 * 1024));
    assertEquals(64, DataWriter.maxInFlight(64, 128 * 1024), "64 blocks of 128 KiB and their copies: 16 MiB");
    assertEquals(64, DataWriter.maxInFlight(500, 128 * 1024), "more threads get no more memory");
    assertEquals(8, DataWriter.maxInFlight(64, 1024 * 1024));
    assertEquals(2, DataWriter.maxInFlight(1, 1024 * 1024));
  }

  @Test
  void write_contentShorterThanStated_throwsEof() throws IOException {
    try (FileChannel channel = FileChannel.open(dir.resolve("short"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        DataWriter writer = new DataWriter(channel, 0, 96, options(1))) {
      assertThrows(EOFException.class, () -> writer.write(new ByteArrayInputStream(new byte[10]), 2 * BLOCK));
    }
  }

  private List<long[]> write(int threads, List<byte[]> files, List<FileLocation> locations) throws IOException {
    Path file = dir.resolve("data-" + threads);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
        DataWriter writer = new DataWriter(channel, 0, 96, options(threads))) {
      for (byte[] content : files) {
        locations.add(writer.write(new ByteArrayInputStream(content), content.length));
      }
      writer.finish();
      return writer.fragments();
    }
  }

  private static SquashfsOptions options(int threads) {
    return SquashfsOptions.defaults().withBlockSize(BLOCK).withThreads(threads);
  }
}
