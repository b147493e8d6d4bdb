package org.arca.converter.tree;

import java.util.Objects;

/**
 * A file of the flattened filesystem. Several {@link Node}s name the same inode when the layers hard-link them. The
 * metadata can change while layers are applied (a directory entry in a later layer updates an existing directory);
 * the type and payload cannot.
 */
public final class Inode {
  private final FileType type;
  private Metadata metadata;
  private final Content content;
  private final String symlinkTarget;
  private final int deviceMajor;
  private final int deviceMinor;

  private Inode(FileType type, Metadata metadata, Content content, String symlinkTarget, int major, int minor) {
    this.type = type;
    this.metadata = Objects.requireNonNull(metadata);
    this.content = content;
    this.symlinkTarget = symlinkTarget;
    this.deviceMajor = major;
    this.deviceMinor = minor;
  }

  public static Inode directory(Metadata metadata) {
    return new Inode(FileType.DIRECTORY, metadata, null, null, 0, 0);
  }

  public static Inode regular(Metadata metadata, Content content) {
    return new Inode(FileType.REGULAR, metadata, Objects.requireNonNull(content), null, 0, 0);
  }

  /** A symbolic link; {@code target} is a byte string, stored as given (absolute, relative or dangling). */
  public static Inode symlink(Metadata metadata, String target) {
    return new Inode(FileType.SYMLINK, metadata, null, Objects.requireNonNull(target), 0, 0);
  }

  public static Inode device(FileType type, Metadata metadata, int major, int minor) {
    if (type != FileType.CHAR_DEVICE && type != FileType.BLOCK_DEVICE) {
      throw new IllegalArgumentException("not a device type: " + type);
    }
    return new Inode(type, metadata, null, null, major, minor);
  }

  public static Inode fifo(Metadata metadata) {
    return new Inode(FileType.FIFO, metadata, null, null, 0, 0);
  }

  public FileType type() {
    return type;
  }

  public Metadata metadata() {
    return metadata;
  }

  public void setMetadata(Metadata metadata) {
    this.metadata = Objects.requireNonNull(metadata);
  }

  /** The content of a regular file; null for other types. */
  public Content content() {
    return content;
  }

  /** The size in bytes: content size for regular files, target length for symlinks, 0 otherwise. */
  public long size() {
    return switch (type) {
      case REGULAR -> content.size();
      case SYMLINK -> symlinkTarget.length();
      default -> 0;
    };
  }

  public String symlinkTarget() {
    return symlinkTarget;
  }

  public int deviceMajor() {
    return deviceMajor;
  }

  public int deviceMinor() {
    return deviceMinor;
  }

  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }
}
