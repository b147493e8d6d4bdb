package org.arca.converter.squashfs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.arca.converter.tree.ByteStrings;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;

/**
 * Writes the inode table and the directory table of a tree, with the id and xattr tables they refer to.
 *
 * <p>Directories are written after everything they contain (post-order), because a directory's listing needs the
 * positions of its children's inodes and its inode needs the position of its listing. Inode numbers are assigned in
 * the same order beforehand, since a directory inode also names its parent's number; the root comes last, and its
 * "parent" is the inode count plus one, as the kernel expects. A hard-linked inode is written once, where it is first
 * met, and every entry naming it refers to that one inode.
 */
final class InodeTables {
  static final int DIR = 1;
  static final int FILE = 2;
  static final int SYMLINK = 3;
  static final int BLOCK_DEVICE = 4;
  static final int CHAR_DEVICE = 5;
  static final int FIFO = 6;
  /** Extended inode types are the basic ones plus this. */
  static final int EXTENDED = 7;
  /** Entries per directory header, the kernel's limit. */
  static final int MAX_HEADER_ENTRIES = 256;
  static final int MAX_NAME = 256;

  private final FileTree tree;
  private final Map<Inode, FileLocation> locations;
  private final MetadataWriter inodes;
  private final MetadataWriter directories;
  private final IdTable ids = new IdTable();
  private final XattrTable xattrs;
  private final Map<Inode, Info> infos = new IdentityHashMap<>();
  private int inodeCount;
  private long rootReference;

  InodeTables(FileTree tree, Map<Inode, FileLocation> locations, Compressor compressor) {
    this.tree = tree;
    this.locations = locations;
    this.inodes = new MetadataWriter(compressor);
    this.directories = new MetadataWriter(compressor);
    this.xattrs = new XattrTable(compressor);
  }

  /** Numbers and writes every inode and directory listing. */
  void write() {
    List<Node> directoriesPostOrder = directoriesPostOrder();
    for (Node dir : directoriesPostOrder) {
      for (Node child : dir.children()) {
        if (!child.isDirectory()) {
          Info info = infos.computeIfAbsent(child.inode(), this::number);
          info.links++;
        }
      }
      infos.put(dir.inode(), number(dir.inode()));
    }
    ids.seal();
    for (Node dir : directoriesPostOrder) {
      for (Node child : dir.children()) {
        Info info = infos.get(child.inode());
        if (!child.isDirectory() && info.reference < 0) {
          info.reference = writeInode(child, info);
        }
      }
      Info info = infos.get(dir.inode());
      info.reference = writeDirectory(dir, info);
    }
    rootReference = infos.get(tree.root().inode()).reference;
  }

  int inodeCount() {
    return inodeCount;
  }

  long rootReference() {
    return rootReference;
  }

  MetadataWriter inodes() {
    return inodes;
  }

  MetadataWriter directories() {
    return directories;
  }

  IdTable ids() {
    return ids;
  }

  XattrTable xattrs() {
    return xattrs;
  }

  private Info number(Inode inode) {
    ids.add(inode.metadata().uid());
    ids.add(inode.metadata().gid());
    return new Info(++inodeCount);
  }

  /** Directories, each after all directories below it, siblings in name order; the root last. */
  private List<Node> directoriesPostOrder() {
    List<Node> order = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    Deque<Boolean> expanded = new ArrayDeque<>();
    stack.push(tree.root());
    expanded.push(false);
    while (!stack.isEmpty()) {
      Node node = stack.pop();
      if (expanded.pop()) {
        order.add(node);
        continue;
      }
      stack.push(node);
      expanded.push(true);
      List<Node> subdirectories = new ArrayList<>();
      for (Node child : node.children()) {
        if (child.isDirectory()) {
          subdirectories.add(child);
        }
      }
      for (int i = subdirectories.size() - 1; i >= 0; i--) {
        stack.push(subdirectories.get(i));
        expanded.push(false);
      }
    }
    return order;
  }

  private long writeInode(Node node, Info info) {
    Inode inode = node.inode();
    long reference = inodes.reference();
    int xattr = xattrs.id(inode.metadata().xattrs(), node.path());
    boolean hasXattr = xattr != XattrTable.NONE;
    switch (inode.type()) {
      case REGULAR -> {
        FileLocation location = locations.get(inode);
        if (location == null) {
          throw new IllegalStateException("no content was written for " + ByteStrings.toText(node.path()));
        }
        long sparse = location.sparseBytes;
        if (sparse > 0 && sparse >= location.size) {
          sparse = location.size - 1; // as mksquashfs: a fully sparse file still claims one byte of data
        }
        boolean extended = hasXattr || info.links > 1 || sparse > 0
            || location.size > 0xFFFFFFFFL || location.start > 0xFFFFFFFFL;
        header(extended ? FILE + EXTENDED : FILE, inode.metadata(), info.number);
        if (extended) {
          inodes.u64(location.start).u64(location.size).u64(sparse).u32(info.links)
              .u32(location.fragment).u32(location.fragmentOffset).u32(xattr);
        } else {
          inodes.u32(location.start).u32(location.fragment).u32(location.fragmentOffset).u32(location.size);
        }
        for (int size : location.blockSizes) {
          inodes.u32(size);
        }
      }
      case SYMLINK -> {
        byte[] target = ByteStrings.bytes(inode.symlinkTarget());
        header(hasXattr ? SYMLINK + EXTENDED : SYMLINK, inode.metadata(), info.number);
        inodes.u32(info.links).u32(target.length).bytes(target);
        if (hasXattr) {
          inodes.u32(xattr);
        }
      }
      case CHAR_DEVICE, BLOCK_DEVICE -> {
        int type = inode.type() == org.arca.converter.tree.FileType.CHAR_DEVICE ? CHAR_DEVICE : BLOCK_DEVICE;
        header(hasXattr ? type + EXTENDED : type, inode.metadata(), info.number);
        inodes.u32(info.links).u32(encodeDevice(inode.deviceMajor(), inode.deviceMinor()));
        if (hasXattr) {
          inodes.u32(xattr);
        }
      }
      case FIFO -> {
        header(hasXattr ? FIFO + EXTENDED : FIFO, inode.metadata(), info.number);
        inodes.u32(info.links);
        if (hasXattr) {
          inodes.u32(xattr);
        }
      }
      case DIRECTORY -> throw new IllegalStateException("directories are written by writeDirectory");
    }
    return reference;
  }

  private long writeDirectory(Node dir, Info info) {
    long listing = directories.reference();
    long listingSize = writeListing(dir);
    int subdirectories = 0;
    for (Node child : dir.children()) {
      if (child.isDirectory()) {
        subdirectories++;
      }
    }
    long links = 2L + subdirectories;
    int parent = dir.parent() == null ? inodeCount + 1 : infos.get(dir.parent().inode()).number;
    // the listing size counts 3 more bytes for the "." and ".." entries that are not stored
    long fileSize = listingSize + 3;
    int xattr = xattrs.id(dir.inode().metadata().xattrs(), dir.path());
    long reference = inodes.reference();
    long block = listing >>> 16;
    int offset = (int) (listing & 0xFFFF);
    if (xattr == XattrTable.NONE && fileSize <= 0xFFFF) {
      header(DIR, dir.inode().metadata(), info.number);
      inodes.u32(block).u32(links).u16((int) fileSize).u16(offset).u32(parent);
    } else {
      header(DIR + EXTENDED, dir.inode().metadata(), info.number);
      // no directory index: it only speeds up lookups in huge directories, and i_count 0 is valid
      inodes.u32(links).u32(fileSize).u32(block).u32(parent).u16(0).u16(offset).u32(xattr);
    }
    return reference;
  }

  /**
   * Writes the listing of {@code dir}: runs of at most 256 entries under a header naming the metadata block of their
   * inodes and a base inode number; a new run starts when the block changes or a number is more than a signed
   * 16-bit step from the base. Returns the listing size in bytes.
   */
  private long writeListing(Node dir) {
    List<Node> entries = new ArrayList<>(dir.children());
    long start = directories.uncompressedSize();
    int i = 0;
    while (i < entries.size()) {
      Info first = infos.get(entries.get(i).inode());
      long block = first.reference >>> 16;
      int base = first.number;
      int end = i;
      while (end < entries.size() && end - i < MAX_HEADER_ENTRIES) {
        Info info = infos.get(entries.get(end).inode());
        if (info.reference >>> 16 != block || Math.abs(info.number - base) > Short.MAX_VALUE) {
          break;
        }
        end++;
      }
      directories.u32(end - i - 1).u32(block).u32(base);
      for (int k = i; k < end; k++) {
        Node entry = entries.get(k);
        Info info = infos.get(entry.inode());
        byte[] name = ByteStrings.bytes(entry.name());
        if (name.length == 0 || name.length > MAX_NAME) {
          throw new IllegalStateException("name of " + ByteStrings.toText(entry.path()) + " is "
              + name.length + " bytes; squashfs stores 1 to " + MAX_NAME);
        }
        directories.u16((int) (info.reference & 0xFFFF)).u16(info.number - base).u16(basicType(entry.inode()))
            .u16(name.length - 1).bytes(name);
      }
      i = end;
    }
    return directories.uncompressedSize() - start;
  }

  private void header(int type, Metadata metadata, int number) {
    inodes.u16(type).u16(metadata.permissions()).u16(ids.index(metadata.uid())).u16(ids.index(metadata.gid()))
        .u32(metadata.mtime()).u32(number);
  }

  private static int basicType(Inode inode) {
    return switch (inode.type()) {
      case DIRECTORY -> DIR;
      case REGULAR -> FILE;
      case SYMLINK -> SYMLINK;
      case BLOCK_DEVICE -> BLOCK_DEVICE;
      case CHAR_DEVICE -> CHAR_DEVICE;
      case FIFO -> FIFO;
    };
  }

  /** Linux's new_encode_dev: 12 bits of major, 20 of minor, as squashfs-tools and the kernel store rdev. */
  static long encodeDevice(int major, int minor) {
    return (minor & 0xffL) | ((major & 0xfffL) << 8) | ((minor & 0xfff00L) << 12);
  }

  private static final class Info {
    final int number;
    int links;
    long reference = -1;

    Info(int number) {
      this.number = number;
    }
  }
}
