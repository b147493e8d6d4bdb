package org.arca.converter.tree;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a tar header says about an inode besides its type: permission bits (including setuid, setgid and sticky),
 * owner, modification time in seconds, and extended attributes sorted by name (names are byte strings, values raw).
 */
public record Metadata(int permissions, long uid, long gid, long mtime, SortedMap<String, byte[]> xattrs) {

  public Metadata {
    if ((permissions & ~07777) != 0) {
      throw new IllegalArgumentException("permissions beyond 07777: " + Integer.toOctalString(permissions));
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("negative owner " + uid + ":" + gid);
    }
    xattrs = xattrs == null || xattrs.isEmpty()
        ? Collections.emptySortedMap()
        : Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
  }

  /** Metadata without extended attributes. */
  public static Metadata of(int permissions, long uid, long gid, long mtime) {
    return new Metadata(permissions, uid, gid, mtime, null);
  }

  /** Whether both carry the same extended attributes, comparing values by content. */
  public boolean sameXattrs(Metadata other) {
    if (xattrs.size() != other.xattrs.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> entry : xattrs.entrySet()) {
      if (!Arrays.equals(entry.getValue(), other.xattrs.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
