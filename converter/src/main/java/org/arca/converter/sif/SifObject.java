package org.arca.converter.sif;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * What a descriptor says about a data object besides its place: type, name, group, link, alignment and the
 * type-specific "extra" bytes (for a partition: filesystem type, partition type and architecture).
 *
 * @param groupId group the object belongs to (1 is sylabs/sif's default group), 0 for none
 * @param linkId raw linked-object field: an object id, {@code group | 0xF0000000} for a group, 0 for none
 * @param alignment the object starts at a multiple of this many bytes (0 or 1: right after the previous one)
 */
public record SifObject(SifDataType type, String name, int groupId, int linkId, int alignment, byte[] extra) {
  public static final int DEFAULT_GROUP = 1;
  static final int NAME_SIZE = 128;
  static final int EXTRA_SIZE = 384;

  /** Filesystem types of a partition. */
  public enum FsType {
    SQUASHFS(1), EXT3(2), IMMUTABLE_OBJECTS(3), RAW(4), ENCRYPTED_SQUASHFS(5);

    final int code;

    FsType(int code) {
      this.code = code;
    }
  }

  /** Partition types. */
  public enum PartType {
    SYSTEM(1), PRIMARY_SYSTEM(2), DATA(3), OVERLAY(4);

    final int code;

    PartType(int code) {
      this.code = code;
    }
  }

  public SifObject {
    name = name == null ? "" : name;
    if (name.getBytes(StandardCharsets.UTF_8).length > NAME_SIZE) {
      throw new IllegalArgumentException("SIF object name longer than " + NAME_SIZE + " bytes: " + name);
    }
    extra = extra == null ? new byte[0] : extra.clone();
    if (extra.length > EXTRA_SIZE) {
      throw new IllegalArgumentException("SIF descriptor extra longer than " + EXTRA_SIZE + " bytes");
    }
    if (alignment < 0) {
      throw new IllegalArgumentException("negative alignment");
    }
  }

  /** An object in the default group, unaligned, as sylabs/sif creates non-partition objects. */
  public static SifObject of(SifDataType type, String name) {
    return new SifObject(type, name, DEFAULT_GROUP, 0, 0, null);
  }

  /** A partition in the default group, aligned to 4096 bytes as sylabs/sif aligns partitions by default. */
  public static SifObject partition(FsType fsType, PartType partType, String archCode) {
    return new SifObject(SifDataType.PARTITION, "", DEFAULT_GROUP, 0, 4096, partitionExtra(fsType, partType, archCode));
  }

  public SifObject withAlignment(int newAlignment) {
    return new SifObject(type, name, groupId, linkId, newAlignment, extra);
  }

  /** The architecture code of a primary system partition, or null for any other object. */
  String primaryArch() {
    if (type != SifDataType.PARTITION || extra.length < 11) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
    if (buffer.getInt(4) != PartType.PRIMARY_SYSTEM.code) {
      return null;
    }
    return new String(extra, 8, 2, StandardCharsets.US_ASCII);
  }

  private static byte[] partitionExtra(FsType fsType, PartType partType, String archCode) {
    if (archCode == null || archCode.length() != 2) {
      throw new IllegalArgumentException("a SIF architecture code has two digits: " + archCode);
    }
    ByteBuffer buffer = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putInt(fsType.code).putInt(partType.code);
    buffer.put(archCode.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
    return buffer.array();
  }
}
