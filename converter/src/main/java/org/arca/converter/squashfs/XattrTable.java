package org.arca.converter.squashfs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.arca.converter.tree.ByteStrings;

/**
 * Extended attributes: each distinct set is written once to the key/value area, and inodes refer to it by the index
 * of an id entry (reference into the area, count, and the size {@code listxattr} needs). squashfs stores only the
 * {@code user.}, {@code trusted.} and {@code security.} namespaces; others are dropped, as mksquashfs drops them.
 */
final class XattrTable {
  static final int NONE = 0xFFFFFFFF;
  private static final String[] PREFIXES = {"user.", "trusted.", "security."};
  private static final System.Logger LOG = System.getLogger(XattrTable.class.getName());

  private final MetadataWriter values;
  private final MetadataWriter ids;
  private final Map<ByteBuffer, Integer> known = new HashMap<>();
  private int count;

  XattrTable(Compressor compressor) {
    this.values = new MetadataWriter(compressor);
    this.ids = new MetadataWriter(compressor);
  }

  /** The id of {@code xattrs} (names as byte strings), adding it if new; {@link #NONE} when nothing is storable. */
  int id(SortedMap<String, byte[]> xattrs, String path) {
    if (xattrs.isEmpty()) {
      return NONE;
    }
    List<String> names = new ArrayList<>();
    ByteSink key = new ByteSink();
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      if (prefix(xattr.getKey()) < 0) {
        LOG.log(System.Logger.Level.WARNING, "dropping extended attribute {0} of {1}: squashfs cannot store it",
            ByteStrings.toText(xattr.getKey()), ByteStrings.toText(path));
        continue;
      }
      names.add(xattr.getKey());
      byte[] name = ByteStrings.bytes(xattr.getKey());
      key.u32(name.length).bytes(name).u32(xattr.getValue().length).bytes(xattr.getValue());
    }
    if (names.isEmpty()) {
      return NONE;
    }
    ByteBuffer contentKey = ByteBuffer.wrap(java.util.Arrays.copyOf(key.array(), key.size()));
    Integer existing = known.get(contentKey);
    if (existing != null) {
      return existing;
    }
    long reference = values.reference();
    long listSize = 0;
    for (String name : names) {
      int type = prefix(name);
      byte[] suffix = ByteStrings.bytes(name.substring(PREFIXES[type].length()));
      byte[] value = xattrs.get(name);
      values.u16(type).u16(suffix.length).bytes(suffix).u32(value.length).bytes(value);
      listSize += name.length() + 1 + value.length;
    }
    ids.u64(reference).u32(names.size()).u32(listSize);
    known.put(contentKey, count);
    return count++;
  }

  int size() {
    return count;
  }

  MetadataWriter values() {
    return values;
  }

  MetadataWriter ids() {
    return ids;
  }

  private static int prefix(String name) {
    for (int i = 0; i < PREFIXES.length; i++) {
      if (name.startsWith(PREFIXES[i]) && name.length() > PREFIXES[i].length()) {
        return i;
      }
    }
    return -1;
  }
}
