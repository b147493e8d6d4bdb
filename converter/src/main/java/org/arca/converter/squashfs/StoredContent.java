package org.arca.converter.squashfs;

/** Content {@link SquashfsWriter#store stored} in a squashfs being written: its SHA-256 and where it lies. */
public final class StoredContent {
  private final byte[] sha256;
  final FileLocation location;

  StoredContent(byte[] sha256, FileLocation location) {
    this.sha256 = sha256;
    this.location = location;
  }

  /** SHA-256 of the content, as read while storing it. */
  public byte[] sha256() {
    return sha256.clone();
  }

  public long size() {
    return location.size;
  }
}
