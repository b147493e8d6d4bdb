package org.arca.converter.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.TreeMap;
import org.arca.converter.Tools;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer on its own, at an offset inside a larger file, judged by unsquashfs and getfattr. */
class SquashfsWriterTest {
  private static final long OFFSET = 12345;

  @TempDir
  Path dir;

  @Test
  void finish_everyInodeTypeWithXattrs_unsquashfsRestoresThem() throws IOException {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 1000));
    Node etc = new Node("etc", Inode.directory(new Metadata(0750, 5, 6, 1000, xattr("user.dir", "d"))));
    tree.root().put(etc);
    byte[] text = "hello\n".getBytes(StandardCharsets.UTF_8);
    Inode hello = Inode.regular(new Metadata(04711, 1000, 1000, 1000, xattr("trusted.file", "f")), inline(text));
    etc.put(new Node("hello", hello));
    etc.put(new Node("hello-link", hello));
    tree.root().put(new Node("sym", Inode.symlink(new Metadata(0777, 0, 0, 1000, xattr("trusted.sym", "s")),
        "etc/hello")));
    tree.root().put(new Node("blk", Inode.device(FileType.BLOCK_DEVICE, new Metadata(0600, 0, 0, 1000,
        xattr("trusted.dev", "b")), 8, 1)));
    tree.root().put(new Node("fifo", Inode.fifo(new Metadata(0620, 0, 0, 1000, xattr("trusted.p", "p")))));
    tree.root().put(new Node("empty", Inode.regular(Metadata.of(0644, 0, 0, 1000), inline(new byte[0]))));
    Path image = dir.resolve("offset.img");
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        SquashfsWriter writer = new SquashfsWriter(channel, OFFSET, SquashfsOptions.defaults(), 1000)) {
      writer.writeContent(hello, new ByteArrayInputStream(text));
      long size = writer.finish(tree);
      assertEquals(0, size % 4096);
      assertEquals(OFFSET + size, channel.size());
    }
    Path out = dir.resolve("out");
    Tools.run("unsquashfs", "-no-progress", "-o", Long.toString(OFFSET), "-d", out.toString(), image.toString());
    assertArrayEquals(text, Files.readAllBytes(out.resolve("etc/hello")));
    assertEquals(2, Files.getAttribute(out.resolve("etc/hello-link"), "unix:nlink"));
    assertEquals(04711, (Integer) Files.getAttribute(out.resolve("etc/hello"), "unix:mode") & 07777);
    assertEquals(0750, (Integer) Files.getAttribute(out.resolve("etc"), "unix:mode") & 07777);
    String xattrs = Tools.run("getfattr", "-R", "-h", "-d", "-m", "-", "--absolute-names", out.toString());
    for (String expected : new String[] {"user.dir=\"d\"", "trusted.file=\"f\"", "trusted.sym=\"s\"",
        "trusted.dev=\"b\"", "trusted.p=\"p\""}) {
      assertTrue(xattrs.contains(expected), expected + " in\n" + xattrs);
    }
    assertEquals(0, Files.size(out.resolve("empty")));
  }

  @Test
  void finish_regularFileWithoutContent_refused() throws IOException {
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    tree.root().put(new Node("f", Inode.regular(Metadata.of(0644, 0, 0, 0), inline(new byte[] {1}))));
    try (FileChannel channel = FileChannel.open(dir.resolve("x"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        SquashfsWriter writer = new SquashfsWriter(channel, 0, SquashfsOptions.defaults(), 0)) {
      assertThrows(IllegalStateException.class, () -> writer.finish(tree));
    }
  }

  @Test
  void store_equalContentTwice_storedOnceAndSharedByBothFiles() throws IOException {
    byte[] content = new byte[300_000];
    new java.util.Random(5).nextBytes(content);
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
    Path image = dir.resolve("dedup.sqfs");
    long once;
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        SquashfsWriter writer = new SquashfsWriter(channel, 0, SquashfsOptions.defaults(), 0)) {
      for (String name : new String[] {"a", "b"}) {
        StoredContent stored = writer.store(new ByteArrayInputStream(content), content.length);
        Inode inode = Inode.regular(Metadata.of(0644, 0, 0, 0), new Content.InLayer(0, 0, content.length,
            stored.sha256()));
        writer.attach(inode, stored);
        tree.root().put(new Node(name, inode));
      }
      assertTrue(writer.isStored(content.length, tree.lookup("a").inode().content().sha256()));
      once = writer.finish(tree);
    }
    assertTrue(once < content.length + 8192, "one copy of the incompressible content: " + once);
    Path out = dir.resolve("dedup");
    Tools.run("unsquashfs", "-no-progress", "-d", out.toString(), image.toString());
    assertArrayEquals(content, Files.readAllBytes(out.resolve("a")));
    assertArrayEquals(content, Files.readAllBytes(out.resolve("b")));
  }

  @Test
  void writeContent_contentStoredAlready_refused() throws IOException {
    Inode a = Inode.regular(Metadata.of(0644, 0, 0, 0), inline(new byte[] {1}));
    Inode b = Inode.regular(Metadata.of(0644, 0, 0, 0), inline(new byte[] {1}));
    try (FileChannel channel = FileChannel.open(dir.resolve("x"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
        SquashfsWriter writer = new SquashfsWriter(channel, 0, SquashfsOptions.defaults(), 0)) {
      writer.writeContent(a, new ByteArrayInputStream(new byte[] {1}));
      assertThrows(IllegalStateException.class, () -> writer.writeContent(b, new ByteArrayInputStream(new byte[] {1})));
    }
  }

  @Test
  void options_blockSizeNotPowerOfTwo_refused() {
    assertThrows(IllegalArgumentException.class, () -> SquashfsOptions.defaults().withBlockSize(100_000));
    assertThrows(IllegalArgumentException.class, () -> SquashfsOptions.defaults().withLevel(10));
  }

  private static TreeMap<String, byte[]> xattr(String name, String value) {
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put(name, value.getBytes(StandardCharsets.UTF_8));
    return xattrs;
  }

  private static Content inline(byte[] bytes) {
    return new Content.Inline(bytes, org.arca.core.Digest.newMessageDigest("sha256").digest(bytes));
  }
}
