package org.arca.converter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.FileType;
import org.arca.converter.tree.Inode;

/**
 * Which file contents the second read of the layers must write, in the order they come: the regular files still in
 * the tree, sorted by layer and tar member, then Arca's own files; a file whose size and SHA-256 equal an earlier
 * one's is not written again but shares that one's blocks. Contents of files hidden by later layers are never read
 * twice.
 */
final class ContentPlan {
  private final List<List<Inode>> byLayer;
  private final List<Inode> inline = new ArrayList<>();
  private final Map<Inode, Inode> duplicates = new LinkedHashMap<>();

  private ContentPlan(int layers) {
    byLayer = new ArrayList<>(layers);
    for (int i = 0; i < layers; i++) {
      byLayer.add(new ArrayList<>());
    }
  }

  static ContentPlan of(FileTree tree, int layers) {
    ContentPlan plan = new ContentPlan(layers);
    Set<Inode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Inode> fromLayers = new ArrayList<>();
    List<Inode> generated = new ArrayList<>();
    tree.walk(node -> {
      Inode inode = node.inode();
      if (inode.type() == FileType.REGULAR && inode.size() > 0 && seen.add(inode)) {
        (inode.content() instanceof Content.InLayer ? fromLayers : generated).add(inode);
      }
    });
    fromLayers.sort(Comparator.comparingInt((Inode inode) -> ((Content.InLayer) inode.content()).layer())
        .thenComparingLong(inode -> ((Content.InLayer) inode.content()).entry()));
    Map<ContentKey, Inode> firsts = new HashMap<>();
    for (List<Inode> group : List.of(fromLayers, generated)) {
      for (Inode inode : group) {
        ContentKey key = new ContentKey(inode.size(), ByteBuffer.wrap(inode.content().sha256()));
        Inode first = firsts.putIfAbsent(key, inode);
        if (first != null) {
          plan.duplicates.put(inode, first);
        } else if (inode.content() instanceof Content.InLayer inLayer) {
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

  /** Duplicate inode to the inode whose content it shares, in a fixed order. */
  Map<Inode, Inode> duplicates() {
    return duplicates;
  }

  private record ContentKey(long size, ByteBuffer sha256) {}
}
