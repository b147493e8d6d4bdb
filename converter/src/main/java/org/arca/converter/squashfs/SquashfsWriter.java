package org.arca.converter.squashfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;

/**
 * Writes one squashfs 4.0 filesystem into a file channel at a given offset, in two phases: first the contents of the
 * regular files, streamed in whatever order the caller reads them ({@link #writeContent}, {@link #shareContent} for
 * duplicates), then {@link #finish} with the complete tree, which writes the tables and the superblock.
 *
 * <p>Layout, as unsquashfs and the kernel require: superblock (96 bytes), data blocks and fragments, inode table,
 * directory table, fragment table, id table, xattr table; each lookup table's index directly follows its blocks, and
 * the image is padded to a multiple of 4 KiB. There is no export table (NFS export of a container image is not a use
 * case). See {@code SIF-AND-SQUASHFS.md}, section "squashfs 4.0".
 */
public final class SquashfsWriter implements AutoCloseable {
  private static final int MAGIC = 0x73717368;
  private static final int SUPERBLOCK_SIZE = 96;
  private static final int PAD = 4096;
  private static final int FLAG_ALWAYS_FRAGMENTS = 1 << 5;
  private static final int FLAG_DUPLICATES = 1 << 6;
  private static final long ABSENT = -1;

  private final FileChannel channel;
  private final long offset;
  private final SquashfsOptions options;
  private final long mkfsTime;
  private final DataWriter data;
  private final Map<Inode, FileLocation> locations = new IdentityHashMap<>();
  private boolean finished;

  /**
   * Prepares a filesystem starting at {@code offset} of {@code channel}; {@code mkfsTime} (Unix seconds) becomes the
   * superblock's creation time.
   */
  public SquashfsWriter(FileChannel channel, long offset, SquashfsOptions options, long mkfsTime) {
    this.channel = channel;
    this.offset = offset;
    this.options = options;
    this.mkfsTime = Math.max(0, Math.min(mkfsTime, 0xFFFFFFFFL));
    this.data = new DataWriter(channel, offset, SUPERBLOCK_SIZE, options);
  }

  /** Streams the content of a regular file: exactly {@code inode.size()} bytes of {@code content}. */
  public void writeContent(Inode inode, InputStream content) throws IOException {
    requireRegular(inode);
    if (locations.containsKey(inode)) {
      throw new IllegalStateException("content of this inode was already written");
    }
    locations.put(inode, data.write(content, inode.size()));
  }

  /** Records that {@code duplicate} has the same content as {@code original}, written before: it is stored once. */
  public void shareContent(Inode duplicate, Inode original) {
    requireRegular(duplicate);
    FileLocation location = locations.get(original);
    if (location == null || location.size != duplicate.size()) {
      throw new IllegalStateException("the original's content must be written first and have the same size");
    }
    locations.put(duplicate, location);
  }

  /**
   * Writes the tables for {@code tree}, whose regular files must all have content (empty files need none), and the
   * superblock. Returns the size of the filesystem including the padding to 4 KiB.
   */
  public long finish(FileTree tree) throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    finished = true;
    long position = data.finish();
    tree.walk(node -> {
      if (node.inode().type() == FileType.REGULAR && node.inode().size() == 0) {
        locations.putIfAbsent(node.inode(), new FileLocation(0, options.blockSize()));
      }
    });
    List<long[]> fragments = data.fragments();
    try (Compressor compressor = Compressor.create(options)) {
      InodeTables tables = new InodeTables(tree, locations, compressor);
      tables.write();

      long inodeTableStart = position;
      position = write(tables.inodes().finish(), position);
      long directoryTableStart = position;
      position = write(tables.directories().finish(), position);

      long fragmentTableStart = position;
      if (!fragments.isEmpty()) {
        MetadataWriter table = new MetadataWriter(compressor);
        for (long[] fragment : fragments) {
          table.u64(fragment[0]).u32(fragment[1]).u32(0);
        }
        fragmentTableStart = writeIndexedTable(table, position, null);
        position = fragmentTableStart + 8L * table.blockStarts().length;
      }

      MetadataWriter idTable = new MetadataWriter(compressor);
      tables.ids().writeTo(idTable);
      long idTableStart = writeIndexedTable(idTable, position, null);
      position = idTableStart + 8L * idTable.blockStarts().length;

      long xattrIdTableStart = ABSENT;
      XattrTable xattrs = tables.xattrs();
      if (xattrs.size() > 0) {
        long valuesStart = position;
        position = write(xattrs.values().finish(), position);
        ByteSink header = new ByteSink().u64(valuesStart).u32(xattrs.size()).u32(0);
        int headerSize = header.size();
        xattrIdTableStart = writeIndexedTable(xattrs.ids(), position, header);
        position = xattrIdTableStart + headerSize + 8L * xattrs.ids().blockStarts().length;
      }

      long bytesUsed = position;
      ByteSink superblock = new ByteSink(SUPERBLOCK_SIZE)
          .u32(MAGIC)
          .u32(tables.inodeCount())
          .u32(mkfsTime)
          .u32(options.blockSize())
          .u32(fragments.size())
          .u16(options.compression().id())
          .u16(options.blockLog())
          .u16(FLAG_ALWAYS_FRAGMENTS | FLAG_DUPLICATES)
          .u16(tables.ids().size())
          .u16(4)
          .u16(0)
          .u64(tables.rootReference())
          .u64(bytesUsed)
          .u64(idTableStart)
          .u64(xattrIdTableStart)
          .u64(inodeTableStart)
          .u64(directoryTableStart)
          .u64(fragmentTableStart)
          .u64(ABSENT);
      superblock.writeTo(channel, offset);

      long padded = (bytesUsed + PAD - 1) / PAD * PAD;
      if (padded > bytesUsed) {
        new ByteSink(PAD).zeros((int) (padded - bytesUsed)).writeTo(channel, offset + bytesUsed);
      }
      return padded;
    }
  }

  @Override
  public void close() {
    data.close();
  }

  /**
   * Writes a lookup table's metadata blocks at {@code position}, then {@code header} (if any) and the index of block
   * positions; returns the position of the header, or of the index without one, which is what the superblock names.
   */
  private long writeIndexedTable(MetadataWriter table, long position, ByteSink header) throws IOException {
    long blocksStart = position;
    long indexStart = write(table.finish(), position);
    ByteSink index = header != null ? header : new ByteSink();
    for (long blockStart : table.blockStarts()) {
      index.u64(blocksStart + blockStart);
    }
    write(index, indexStart);
    return indexStart;
  }

  private long write(ByteSink bytes, long position) throws IOException {
    bytes.writeTo(channel, offset + position);
    return position + bytes.size();
  }

  private static void requireRegular(Inode inode) {
    if (inode.type() != FileType.REGULAR) {
      throw new IllegalArgumentException("only regular files have content, not " + inode.type());
    }
  }
}
