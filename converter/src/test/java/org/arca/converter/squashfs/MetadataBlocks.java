package org.arca.converter.squashfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Decodes a zlib metadata stream back into its blocks, for tests that look inside tables. */
final class MetadataBlocks {
  /** One block: where it starts in the stream, whether it was stored compressed, its content. */
  record Block(int start, boolean compressed, byte[] content) {}

  private MetadataBlocks() {}

  static List<Block> decode(ByteSink stream) throws DataFormatException {
    List<Block> blocks = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(stream.array(), 0, stream.size()).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      int start = in.position();
      int header = in.getShort() & 0xffff;
      int length = header & 0x7fff;
      byte[] stored = new byte[length];
      in.get(stored);
      boolean compressed = (header & 0x8000) == 0;
      blocks.add(new Block(start, compressed, compressed ? inflate(stored) : stored));
    }
    return blocks;
  }

  /** The uncompressed stream, all blocks joined. */
  static ByteBuffer joined(ByteSink stream) throws DataFormatException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Block block : decode(stream)) {
      out.writeBytes(block.content());
    }
    return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] inflate(byte[] data) throws DataFormatException {
    Inflater inflater = new Inflater();
    inflater.setInput(data);
    byte[] out = new byte[MetadataWriter.BLOCK];
    int n = inflater.inflate(out);
    inflater.end();
    return java.util.Arrays.copyOf(out, n);
  }
}
