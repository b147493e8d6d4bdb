package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.arca.converter.squashfs.SquashfsOptions;
import org.arca.converter.squashfs.SquashfsWriter;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentPlanTest {
  private final FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));
  private FileChannel channel;
  private SquashfsWriter squashfs;

  @BeforeEach
  void open(@TempDir Path dir) throws IOException {
    channel = FileChannel.open(dir.resolve("x.sqfs"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    squashfs = new SquashfsWriter(channel, 0, SquashfsOptions.defaults(), 0);
  }

  @AfterEach
  void close() throws IOException {
    squashfs.close();
    channel.close();
  }

  @Test
  void of_sameSizeAndHash_onlyTheFirstReadIsPlanned() {
    Inode early = file("z", 0, 5, 10, 1);
    file("a", 1, 2, 10, 1);
    ContentPlan plan = plan(2);
    assertEquals(List.of(early), plan.layer(0), "the one read first is written; tree order does not matter");
    assertEquals(List.of(), plan.layer(1));
  }

  @Test
  void of_contentStoredAlready_notPlanned() throws IOException {
    byte[] bytes = {1, 2, 3};
    Inode inode = Inode.regular(Metadata.of(0644, 0, 0, 0), new Content.InLayer(0, 0, 3,
        squashfs.store(new ByteArrayInputStream(bytes), 3).sha256()));
    tree.root().put(new Node("f", inode));
    assertEquals(List.of(), plan(1).layer(0));
  }

  @Test
  void of_contentAttachedAlready_notPlanned() throws IOException {
    Inode inode = file("f", 0, 0, 3, 9);
    squashfs.attach(inode, squashfs.store(new ByteArrayInputStream(new byte[3]), 3));
    assertEquals(List.of(), plan(1).layer(0));
  }

  @Test
  void of_sameHashDifferentSize_notDuplicates() {
    file("a", 0, 1, 10, 1);
    file("b", 0, 2, 11, 1);
    assertEquals(2, plan(1).layer(0).size());
  }

  @Test
  void of_membersOfALayer_inTarOrder() {
    Inode second = file("a", 0, 9, 3, 2);
    Inode first = file("b", 0, 4, 3, 3);
    assertEquals(List.of(first, second), plan(1).layer(0));
  }

  @Test
  void of_emptyFilesAndHardLinks_planNoData() {
    file("empty", 0, 1, 0, 0);
    Inode linked = file("x", 0, 2, 5, 4);
    tree.root().put(new Node("y", linked));
    assertEquals(List.of(linked), plan(1).layer(0));
  }

  private ContentPlan plan(int layers) {
    return ContentPlan.of(tree, layers, squashfs);
  }

  private Inode file(String name, int layer, long entry, long size, int hash) {
    byte[] sha = new byte[32];
    sha[0] = (byte) hash;
    Inode inode = Inode.regular(Metadata.of(0644, 0, 0, 0), new Content.InLayer(layer, entry, size, sha));
    tree.root().put(new Node(name, inode));
    return inode;
  }
}
