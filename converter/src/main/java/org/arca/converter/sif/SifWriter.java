package org.arca.converter.sif;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes a SIF file into a channel: data objects one after another from the data offset (each at its alignment),
 * then, in {@link #finish}, the descriptor table and the global header. An object's content may be given as bytes
 * ({@link #add}) or written by the caller straight into place ({@link #begin} and {@link #end}), which is how a
 * multi-gigabyte squashfs partition gets into the file without a copy.
 *
 * <p>The layout follows sylabs/sif's {@code CreateContainer}: header (128 bytes), descriptors at 4096 (capacity 48 by
 * default, 585 bytes each), data right after them. All integers are little-endian.
 */
public final class SifWriter {
  /** Go's zero {@code time.Time} in Unix seconds, which sylabs/sif writes for "no time" in deterministic images. */
  public static final long UNSET_TIME = -62135596800L;
  /** The launch script Apptainer puts in the header, which makes a SIF executable through run-singularity. */
  public static final String APPTAINER_LAUNCH_SCRIPT = "#!/usr/bin/env run-singularity\n";
  public static final int DEFAULT_CAPACITY = 48;

  static final int HEADER_SIZE = 128;
  static final int DESCRIPTOR_SIZE = 585;
  private static final int LAUNCH_SIZE = 32;
  private static final long DESCRIPTORS_OFFSET = 4096;
  private static final int GROUP_MASK = 0xF0000000;

  private final FileChannel channel;
  private final byte[] launchScript;
  private final UUID id;
  private final long time;
  private final int capacity;
  private final List<Placed> objects = new ArrayList<>();
  private final long dataOffset;
  private long dataEnd;
  private String arch = SifArch.UNKNOWN;
  private Placed open;

  /**
   * A SIF with the given launch script (less than 32 bytes of UTF-8; empty for none), image id, creation time in
   * Unix seconds (also every object's time) and descriptor capacity.
   */
  public SifWriter(FileChannel channel, String launchScript, UUID id, long time, int capacity) {
    byte[] script = launchScript.getBytes(StandardCharsets.UTF_8);
    if (script.length >= LAUNCH_SIZE) {
      throw new IllegalArgumentException("launch script must be shorter than " + LAUNCH_SIZE + " bytes");
    }
    if (capacity < 0) {
      throw new IllegalArgumentException("negative descriptor capacity");
    }
    this.channel = channel;
    this.launchScript = script;
    this.id = id;
    this.time = time;
    this.capacity = capacity;
    this.dataOffset = DESCRIPTORS_OFFSET + (long) capacity * DESCRIPTOR_SIZE;
    this.dataEnd = dataOffset;
  }

  /** Writes {@code content} as the next object; returns its offset in the file. */
  public long add(SifObject object, byte[] content) throws IOException {
    long offset = begin(object);
    ByteBuffer buffer = ByteBuffer.wrap(content);
    long position = offset;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    end(content.length);
    return offset;
  }

  /** Starts the next object; the caller writes its content at the returned file offset, then calls {@link #end}. */
  public long begin(SifObject object) {
    if (open != null) {
      throw new IllegalStateException("the previous object is not ended");
    }
    if (objects.size() >= capacity) {
      throw new IllegalStateException("insufficient descriptor capacity (" + capacity + ") for another object");
    }
    String primary = object.primaryArch();
    if (primary != null) {
      if (objects.stream().anyMatch(placed -> placed.object.primaryArch() != null)) {
        throw new IllegalStateException("image already contains a primary partition");
      }
      arch = primary;
    }
    long offset = aligned(dataEnd, object.alignment());
    open = new Placed(object, offset, offset - dataEnd);
    return offset;
  }

  /** Ends the object begun last, whose content is {@code size} bytes. */
  public void end(long size) {
    if (open == null) {
      throw new IllegalStateException("no object begun");
    }
    open.size = size;
    objects.add(open);
    dataEnd = open.offset + size;
    open = null;
  }

  /** Writes the descriptors and the header; returns the size of the file. */
  public long finish() throws IOException {
    if (open != null) {
      throw new IllegalStateException("the last object is not ended");
    }
    ByteBuffer descriptors = ByteBuffer.allocate(capacity * DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < objects.size(); i++) {
      Placed placed = objects.get(i);
      SifObject object = placed.object;
      descriptors.position(i * DESCRIPTOR_SIZE);
      descriptors.putInt(object.type().code());
      descriptors.put((byte) 1);
      descriptors.putInt(i + 1);
      descriptors.putInt(object.groupId() | GROUP_MASK);
      descriptors.putInt(object.linkId());
      descriptors.putLong(placed.offset);
      descriptors.putLong(placed.size);
      descriptors.putLong(placed.padding + placed.size);
      descriptors.putLong(time);
      descriptors.putLong(time);
      descriptors.putLong(0); // uid, unused
      descriptors.putLong(0); // gid, unused
      descriptors.put(padded(object.name().getBytes(StandardCharsets.UTF_8), SifObject.NAME_SIZE));
      descriptors.put(padded(object.extra(), SifObject.EXTRA_SIZE));
    }
    writeFully(descriptors.clear(), DESCRIPTORS_OFFSET);

    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    header.put(padded(launchScript, LAUNCH_SIZE));
    header.put("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII));
    header.put("01\0".getBytes(StandardCharsets.US_ASCII));
    header.put((arch + "\0").getBytes(StandardCharsets.US_ASCII));
    // the UUID is stored as its 16 raw bytes, most significant first
    header.order(ByteOrder.BIG_ENDIAN).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    header.order(ByteOrder.LITTLE_ENDIAN);
    header.putLong(time);
    header.putLong(time);
    header.putLong(capacity - objects.size());
    header.putLong(capacity);
    header.putLong(DESCRIPTORS_OFFSET);
    header.putLong((long) capacity * DESCRIPTOR_SIZE);
    header.putLong(dataOffset);
    header.putLong(dataEnd - dataOffset);
    writeFully(header.clear(), 0);
    return Math.max(dataEnd, dataOffset);
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
  }

  private static long aligned(long offset, int alignment) {
    if (alignment <= 1 || offset % alignment == 0) {
      return offset;
    }
    return (offset / alignment + 1) * alignment;
  }

  private static byte[] padded(byte[] bytes, int size) {
    byte[] result = new byte[size];
    System.arraycopy(bytes, 0, result, 0, bytes.length);
    return result;
  }

  private static final class Placed {
    final SifObject object;
    final long offset;
    final long padding;
    long size;

    Placed(SifObject object, long offset, long padding) {
      this.object = object;
      this.offset = offset;
      this.padding = padding;
    }
  }
}
