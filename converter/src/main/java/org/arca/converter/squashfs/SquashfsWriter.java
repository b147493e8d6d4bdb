package org.arca.converter.squashfs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;
import org.arca.core.Digest;

/**
 * Writes one squashfs 4.0 filesystem into a file channel at a given offset, in two phases: first the contents of the
 * regular files, streamed in whatever order the caller reads them ({@link #writeContent} when the content's SHA-256
 * is known, {@link #store} when it is not), then {@link #finish} with the complete tree, which writes the tables and
 * the superblock. Files of equal content (size and SHA-256) share one copy.
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
  /** Every content stored, by size and SHA-256: a file with equal content shares its blocks (deduplication). */
  private final Map<ContentKey, FileLocation> stored = new HashMap<>();
  private final MessageDigest hasher = Digest.newMessageDigest("sha256");
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

  /**
   * Streams the content of a regular file whose SHA-256 is known ({@code inode.content()}): exactly
   * {@code inode.size()} bytes of {@code content}.
   */
  public void writeContent(Inode inode, InputStream content) throws IOException {
    requireRegular(inode);
    if (locations.containsKey(inode)) {
      throw new IllegalStateException("content of this inode was already written");
    }
    ContentKey key = ContentKey.of(inode.size(), inode.content().sha256());
    if (stored.containsKey(key)) {
      throw new IllegalStateException("this content is stored already; it needs no second copy");
    }
    FileLocation location = data.write(content, inode.size());
    stored.put(key, location);
    locations.put(inode, location);
  }

  /**
   * Streams {@code size} bytes of content whose hash is not known yet, hashing it on the way. If an equal content
   * (same size and SHA-256) was stored before, the bytes just written are given back and the earlier copy serves.
   * {@link #attach} the result to the inodes it is the content of.
   */
  public StoredContent store(InputStream content, long size) throws IOException {
    hasher.reset();
    byte[][] sha256 = new byte[1][];
    FileLocation location = data.write(content, size, hasher, hash -> {
      sha256[0] = hash;
      return stored.get(ContentKey.of(size, hash));
    });
    stored.putIfAbsent(ContentKey.of(size, sha256[0]), location);
    return new StoredContent(sha256[0], location);
  }

  /** Makes {@code content} the content of {@code inode}. */
  public void attach(Inode inode, StoredContent content) {
    requireRegular(inode);
    if (content.location.size != inode.size()) {
      throw new IllegalArgumentException("content of " + content.location.size + " bytes for a file of "
          + inode.size());
    }
    locations.put(inode, content.location);
  }

  /** Whether content of this size and SHA-256 is stored already (files having it need no bytes written). */
  public boolean isStored(long size, byte[] sha256) {
    return size == 0 || stored.containsKey(ContentKey.of(size, sha256));
  }

  /** Whether {@code inode} has its content attached. */
  public boolean hasContent(Inode inode) {
    return locations.containsKey(inode);
  }

  /**
   * Writes the tables for {@code tree} and the superblock. Every regular file gets the stored content of its size
   * and SHA-256 unless one was attached to it; empty files need none. Returns the size of the filesystem including
   * the padding to 4 KiB. (Bytes given back by {@link #store} may lie beyond that size; a caller that ends the file
   * there truncates it.)
   */
  public long finish(FileTree tree) throws IOException {
    if (finished) {
      throw new IllegalStateException("already finished");
    }
    finished = true;
    long position = data.finish();
    FileLocation empty = new FileLocation(0, options.blockSize());
    tree.walk(node -> {
      Inode inode = node.inode();
      if (inode.type() == FileType.REGULAR && !locations.containsKey(inode)) {
        FileLocation location = inode.size() == 0
            ? empty
            : stored.get(ContentKey.of(inode.size(), inode.content().sha256()));
        if (location != null) {
          locations.put(inode, location);
        }
      }
    });
    stored.clear(); // every file has its location now; the tables need the memory more
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

  /** Content identity for deduplication; small, because there is one per distinct file. */
  private static final class ContentKey {
    private final long size;
    private final byte[] sha256;

    private ContentKey(long size, byte[] sha256) {
      this.size = size;
      this.sha256 = sha256;
    }

    static ContentKey of(long size, byte[] sha256) {
      return new ContentKey(size, sha256);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ContentKey key && key.size == size && Arrays.equals(key.sha256, sha256);
    }

    @Override
    public int hashCode() {
      // the bytes of a SHA-256 are evenly spread already
      return (sha256[0] & 0xff) | (sha256[1] & 0xff) << 8 | (sha256[2] & 0xff) << 16 | (sha256[3] & 0xff) << 24;
    }
  }

  private static void requireRegular(Inode inode) {
    if (inode.type() != FileType.REGULAR) {
      throw new IllegalArgumentException("only regular files have content, not " + inode.type());
    }
  }
}
