package org.arca.converter.squashfs;

import java.util.Map;
import java.util.TreeMap;

/** The uids and gids in use, each stored once; inodes refer to them by a 16-bit index. Sorted for determinism. */
final class IdTable {
  private static final int MAX_IDS = 65536;
  private final TreeMap<Long, Integer> indexes = new TreeMap<>();

  void add(long id) {
    if (id > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("owner id " + id + " exceeds 32 bits");
    }
    indexes.put(id, -1);
  }

  /** Fixes the indexes once every id has been added. */
  void seal() {
    if (indexes.size() > MAX_IDS) {
      throw new IllegalStateException(indexes.size() + " distinct uids and gids exceed squashfs's " + MAX_IDS);
    }
    int next = 0;
    for (Map.Entry<Long, Integer> entry : indexes.entrySet()) {
      entry.setValue(next++);
    }
  }

  int index(long id) {
    return indexes.get(id);
  }

  int size() {
    return indexes.size();
  }

  void writeTo(MetadataWriter table) {
    for (long id : indexes.keySet()) {
      table.u32(id);
    }
  }
}
