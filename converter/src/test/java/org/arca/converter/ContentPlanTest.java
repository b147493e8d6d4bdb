package org.arca.converter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.converter.tree.Node;
import org.junit.jupiter.api.Test;

class ContentPlanTest {
  private final FileTree tree = new FileTree(Metadata.of(0755, 0, 0, 0));

  @Test
  void of_sameSizeAndHash_laterFileSharesEarlierContent() {
    Inode early = file("z", 0, 5, 10, 1);
    Inode late = file("a", 1, 2, 10, 1);
    ContentPlan plan = ContentPlan.of(tree, 2);
    assertEquals(List.of(early), plan.layer(0));
    assertEquals(List.of(), plan.layer(1));
    assertSame(early, plan.duplicates().get(late), "the one read first is written; tree order does not matter");
  }

  @Test
  void of_sameHashDifferentSize_notDuplicates() {
    file("a", 0, 1, 10, 1);
    file("b", 0, 2, 11, 1);
    assertEquals(2, ContentPlan.of(tree, 1).layer(0).size());
  }

  @Test
  void of_membersOfALayer_inTarOrder() {
    Inode second = file("a", 0, 9, 3, 2);
    Inode first = file("b", 0, 4, 3, 3);
    assertEquals(List.of(first, second), ContentPlan.of(tree, 1).layer(0));
  }

  @Test
  void of_emptyFilesAndHardLinks_planNoData() {
    file("empty", 0, 1, 0, 0);
    Inode linked = file("x", 0, 2, 5, 4);
    tree.root().put(new Node("y", linked));
    assertEquals(List.of(linked), ContentPlan.of(tree, 1).layer(0));
  }

  private Inode file(String name, int layer, long entry, long size, int hash) {
    byte[] sha = new byte[32];
    sha[0] = (byte) hash;
    Inode inode = Inode.regular(Metadata.of(0644, 0, 0, 0), new Content.InLayer(layer, entry, size, sha));
    tree.root().put(new Node(name, inode));
    return inode;
  }
}
