package org.arca.converter.squashfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.arca.converter.tree.ByteStrings;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.junit.jupiter.api.Test;

/** The directory table as the kernel walks it: headers of at most 256 entries, names sorted byte-wise. */
class InodeTablesTest {
  /** A decoded directory header with its entries' names and inode numbers. */
  record Run(int startBlock, int baseInode, List<String> names, List<Integer> inodes) {}

  @Test
  void writeListing_300Entries_splitsHeadersAt256() throws Exception {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    for (int i = 0; i < 300; i++) {
      tree.root().put(new Node(String.format("f%03d", i), Inode.fifo(Metadata.of(0644, 0, 0, 0))));
    }
    InodeTables tables = write(tree);
    List<Run> runs = runs(MetadataBlocks.joined(tables.directories().finish()), 300);
    assertTrue(runs.size() >= 2);
    for (Run run : runs) {
      assertTrue(run.names().size() <= 256);
    }
    List<String> names = new ArrayList<>();
    runs.forEach(run -> names.addAll(run.names()));
    assertEquals(300, names.size());
    assertEquals("f000", names.get(0));
    assertEquals("f299", names.get(299));
  }

  @Test
  void writeListing_inodesInSeveralMetadataBlocks_newHeaderPerBlock() throws Exception {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    String target = "t".repeat(200);
    for (int i = 0; i < 100; i++) {
      // ~230-byte symlink inodes: about 35 per 8 KiB block
      tree.root().put(new Node(String.format("l%03d", i), Inode.symlink(Metadata.of(0777, 0, 0, 0), target)));
    }
    InodeTables tables = write(tree);
    List<Run> runs = runs(MetadataBlocks.joined(tables.directories().finish()), 100);
    assertTrue(runs.size() >= 3, "one run per inode block: " + runs.size());
    for (int i = 1; i < runs.size(); i++) {
      assertTrue(runs.get(i).startBlock() > runs.get(i - 1).startBlock());
    }
  }

  @Test
  void writeListing_highBytes_sortedUnsigned() throws Exception {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    for (String name : List.of("b", "\u00e9t\u00e9", "A", "a", "Z")) {
      tree.root().put(new Node(ByteStrings.utf8(name), Inode.fifo(Metadata.of(0644, 0, 0, 0))));
    }
    List<Run> runs = runs(MetadataBlocks.joined(write(tree).directories().finish()), 5);
    assertEquals(List.of("A", "Z", "a", "b", "\u00e9t\u00e9"), runs.get(0).names());
  }

  @Test
  void write_rootLast_parentOfRootIsCountPlusOne() throws Exception {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    Node sub = new Node("sub", Inode.directory(Metadata.of(0755, 0, 0, 0)));
    tree.root().put(sub);
    sub.put(new Node("f", Inode.fifo(Metadata.of(0644, 0, 0, 0))));
    InodeTables tables = write(tree);
    assertEquals(3, tables.inodeCount());
    ByteBuffer inodes = MetadataBlocks.joined(tables.inodes().finish());
    // fifo (16 + 4 bytes), sub (32), root (32): the root is the last inode and names parent 4
    int root = (int) (tables.rootReference() & 0xffff);
    assertEquals(1, inodes.getShort(root));
    assertEquals(3, inodes.getInt(root + 12), "root inode number");
    assertEquals(4, inodes.getInt(root + 28), "root's parent");
    assertEquals(3, inodes.getInt(root + 20), "root links: itself, '.', and one subdirectory");
  }

  @Test
  void write_hugeDirectory_usesExtendedInode() throws Exception {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    for (int i = 0; i < 2100; i++) {
      tree.root().put(new Node(String.format("file-with-a-longer-name-%04d", i),
          Inode.fifo(Metadata.of(0644, 0, 0, 0))));
    }
    InodeTables tables = write(tree);
    ByteBuffer inodes = MetadataBlocks.joined(tables.inodes().finish());
    int root = (int) (tables.rootReference() >>> 16 == 0 ? tables.rootReference() & 0xffff
        : offsetInJoined(tables, tables.rootReference()));
    assertEquals(InodeTables.DIR + InodeTables.EXTENDED, inodes.getShort(root));
    assertTrue(inodes.getInt(root + 20) > 65535, "listing size beyond what a basic inode holds");
  }

  @Test
  void encodeDevice_largeMinor_usesSplitEncoding() {
    assertEquals(0x0103, InodeTables.encodeDevice(1, 3));
    assertEquals((70000 & 0xff) | (259 << 8) | ((70000L & 0xfff00) << 12), InodeTables.encodeDevice(259, 70000));
  }

  private static long offsetInJoined(InodeTables tables, long reference) throws Exception {
    List<MetadataBlocks.Block> blocks = MetadataBlocks.decode(tables.inodes().finish());
    long offset = 0;
    for (MetadataBlocks.Block block : blocks) {
      if (block.start() == reference >>> 16) {
        return offset + (reference & 0xffff);
      }
      offset += block.content().length;
    }
    throw new AssertionError("no block at " + (reference >>> 16));
  }

  private static InodeTables write(FileTree tree) {
    InodeTables tables = new InodeTables(tree, new IdentityHashMap<>(), new Compressor.Zlib(9));
    tables.write();
    return tables;
  }

  /** Reads directory runs until {@code entries} entries have been read. */
  private static List<Run> runs(ByteBuffer listing, int entries) {
    List<Run> runs = new ArrayList<>();
    int read = 0;
    while (read < entries) {
      int count = listing.getInt() + 1;
      int startBlock = listing.getInt();
      int base = listing.getInt();
      List<String> names = new ArrayList<>();
      List<Integer> inodes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        listing.getShort();
        int delta = listing.getShort();
        listing.getShort();
        int size = (listing.getShort() & 0xffff) + 1;
        byte[] name = new byte[size];
        listing.get(name);
        names.add(new String(name, StandardCharsets.UTF_8));
        inodes.add(base + delta);
      }
      runs.add(new Run(startBlock, base, names, inodes));
      read += count;
    }
    return runs;
  }
}
