package org.arca.converter.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataWriterTest {
  private final Compressor zlib = new Compressor.Zlib(9);

  @Test
  void write_moreThanOneBlock_splitsAt8KiBWithLengthHeaders() throws Exception {
    MetadataWriter writer = new MetadataWriter(zlib);
    byte[] data = new byte[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 7);
    }
    writer.bytes(data);
    List<MetadataBlocks.Block> blocks = MetadataBlocks.decode(writer.finish());
    assertEquals(3, blocks.size());
    assertEquals(8192, blocks.get(0).content().length);
    assertEquals(8192, blocks.get(1).content().length);
    assertEquals(20_000 - 16384, blocks.get(2).content().length);
    assertTrue(blocks.get(0).compressed());
    assertArrayEquals(new long[] {blocks.get(0).start(), blocks.get(1).start(), blocks.get(2).start()},
        writer.blockStarts());
  }

  @Test
  void reference_namesBlockStartAndOffset() throws Exception {
    MetadataWriter writer = new MetadataWriter(zlib);
    assertEquals(0, writer.reference());
    writer.bytes(new byte[8190]);
    assertEquals(8190, writer.reference());
    writer.u32(7); // crosses into the second block
    long second = writer.reference();
    assertEquals(2, second & 0xffff);
    List<MetadataBlocks.Block> blocks = MetadataBlocks.decode(writer.finish());
    assertEquals(blocks.get(1).start(), second >>> 16, "block part is the stored offset of the second block");
  }

  @Test
  void write_incompressibleBlock_storedWithUncompressedBit() throws Exception {
    MetadataWriter writer = new MetadataWriter(zlib);
    byte[] noise = new byte[1000];
    new Random(1).nextBytes(noise);
    writer.bytes(noise);
    ByteSink stream = writer.finish();
    assertEquals(1000 | 0x8000, (stream.array()[0] & 0xff) | (stream.array()[1] & 0xff) << 8);
    MetadataBlocks.Block block = MetadataBlocks.decode(stream).get(0);
    assertFalse(block.compressed());
    assertArrayEquals(noise, block.content());
  }

  @Test
  void u16u32u64_littleEndian() throws Exception {
    MetadataWriter writer = new MetadataWriter(zlib);
    writer.u16(0x0102).u32(0x03040506L).u64(0x0708090a0b0c0d0eL);
    assertArrayEquals(new byte[] {2, 1, 6, 5, 4, 3, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 9, 8, 7},
        MetadataBlocks.decode(writer.finish()).get(0).content());
  }
}
