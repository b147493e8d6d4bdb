package org.arca.converter.layer;

import java.util.SortedMap;

/**
 * One member of a tar layer as the archive states it, after PAX and GNU long-name headers have been folded in.
 * Names and link targets are byte strings (see {@code org.arca.converter.tree}); {@code ordinal} counts members from
 * 0, leaving out the extension headers, so that a second read of the same layer finds the same member again.
 */
public record TarEntry(
    long ordinal,
    String name,
    Kind kind,
    int mode,
    long uid,
    long gid,
    long mtime,
    long size,
    String linkName,
    int deviceMajor,
    int deviceMinor,
    SortedMap<String, byte[]> xattrs) {

  /** Member types that a root filesystem can hold. */
  public enum Kind {
    REGULAR,
    HARD_LINK,
    SYMLINK,
    CHAR_DEVICE,
    BLOCK_DEVICE,
    DIRECTORY,
    FIFO
  }
}
