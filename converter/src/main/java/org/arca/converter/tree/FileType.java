package org.arca.converter.tree;

/** The kinds of file a root filesystem built from OCI layers can hold (tar has no sockets). */
public enum FileType {
  DIRECTORY,
  REGULAR,
  SYMLINK,
  CHAR_DEVICE,
  BLOCK_DEVICE,
  FIFO
}
