package org.arca.converter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.arca.converter.squashfs.SquashfsWriter;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;

/**
 * Which file contents still have to be written after the first read of the layers, and from where: one file per
 * distinct content (size and SHA-256) that the squashfs does not hold yet, taken from the lowest layer that has it,
 * in tar member order; then Arca's own files. Every other file gets its content from the squashfs writer's store of
 * equal contents, so a layer whose surviving files are all duplicates (or hidden, or written already) is not read
 * again.
 */
final class ContentPlan {
  private final List<List<Inode>> byLayer;
  private final List<Inode> inline = new ArrayList<>();

  private ContentPlan(int layers) {
    byLayer = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      byLayer.add(new ArrayList<>());
    }
  }

  static ContentPlan of(FileTree tree, int layers, SquashfsWriter squashfs) {
    ContentPlan plan = new ContentPlan(layers);
    Set<Inode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Inode> fromLayers = new ArrayList<>();
    List<Inode> generated = new ArrayList<>();
    tree.walk(node -> {
      Inode inode = node.inode();
      if (inode.type() == FileType.REGULAR && !squashfs.hasContent(inode) && seen.add(inode)) {
        (inode.content() instanceof Content.InLayer ? fromLayers : generated).add(inode);
      }
    });
    fromLayers.sort(Comparator.comparingInt((Inode inode) -> ((Content.InLayer) inode.content()).layer())
        .thenComparingLong(inode -> ((Content.InLayer) inode.content()).entry()));
    Set<ContentKey> planned = new HashSet<>();
    for (List<Inode> group : List.of(fromLayers, generated)) {
      for (Inode inode : group) {
        Content content = inode.content();
        if (squashfs.isStored(content.size(), content.sha256())
            || !planned.add(new ContentKey(content.size(), ByteBuffer.wrap(content.sha256())))) {
          continue;
        }
        if (content instanceof Content.InLayer inLayer) {
          plan.byLayer.get(inLayer.layer()).add(inode);
        } else {
          plan.inline.add(inode);
        }
      }
    }
    return plan;
  }

  /** Inodes whose contents come from layer {@code layer}, in tar member order. */
  List<Inode> layer(int layer) {
    return byLayer.get(layer);
  }

  /** Inodes whose contents Arca generated, in tree order. */
  List<Inode> inline() {
    return inline;
  }

  private record ContentKey(long size, ByteBuffer sha256) {}
}
