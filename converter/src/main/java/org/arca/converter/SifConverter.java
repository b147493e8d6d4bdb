package org.arca.converter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.arca.converter.apptainer.ApptainerMetadata;
import org.arca.converter.apptainer.ApptainerSkeleton;
import org.arca.converter.layer.LayerFlattener;
import org.arca.converter.layer.LayerFormatException;
import org.arca.converter.layer.TarEntry;
import org.arca.converter.layer.TarReader;
import org.arca.converter.layer.VerifiedBlobStream;
import org.arca.converter.sif.SifArch;
import org.arca.converter.sif.SifDataType;
import org.arca.converter.sif.SifObject;
import org.arca.converter.sif.SifWriter;
import org.arca.converter.squashfs.SquashfsOptions;
import org.arca.converter.squashfs.SquashfsWriter;
import org.arca.converter.squashfs.StoredContent;
import org.arca.converter.tree.ByteStrings;
import org.arca.converter.tree.Content;
import org.arca.converter.tree.FileTree;
import org.arca.converter.tree.Inode;
import org.arca.converter.tree.Metadata;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.LayerCompression;
import org.arca.core.image.Manifest;

/**
 * Converts one OCI platform image into a SIF file as {@code apptainer build x.sif docker://...} would build it, in
 * pure Java and in bounded memory:
 *
 * <ol>
 *   <li>write the definition file and the two JSON objects into the SIF (they derive from the config alone) and
 *       start the squashfs partition in its place, where it is written directly;
 *   <li>read every layer once for its tar headers and apply them, whiteouts included, to a tree of metadata; file
 *       contents are hashed on the way and never kept, except that the last layer's files, which nothing can hide
 *       any more, are streamed into the squashfs right away;
 *   <li>add Apptainer's {@code /.singularity.d} skeleton;
 *   <li>read the lower layers a second time, as far as they hold surviving files whose content is not stored yet,
 *       and stream those contents into the squashfs;
 *   <li>write the squashfs tables, then the SIF descriptors and header.
 * </ol>
 *
 * The result depends only on the image and {@link #VERSION} (and the options): the SIF's UUID derives from the
 * manifest digest, every time from the config's {@code created}, and nothing from the clock, thread scheduling or
 * hash order. Memory holds per-file metadata and a few compression blocks; temporary disk use is the output itself.
 *
 * @see <a href="../../../../../../docs/sif-format.md">docs/sif-format.md</a>
 */
public final class SifConverter {
  /** The converter's version; a SIF is reproducible for one source digest and one version. */
  public static final String VERSION = "1";

  /** A fixed RFC 4122 name space of Arca's, in which SIF UUIDs are named by manifest digests. */
  private static final UUID UUID_NAMESPACE = UUID.fromString("6d1c5a3e-0f6b-5c0e-9a51-7a1f4b0d2c31");

  private final SquashfsOptions options;

  public SifConverter(SquashfsOptions options) {
    this.options = options;
  }

  public SifConverter() {
    this(SquashfsOptions.defaults());
  }

  /**
   * Writes the SIF for one platform image to {@code output} (replacing it); returns its digest, size and arch. If
   * the conversion fails, {@code output} is deleted. The file is written in place, so write to a temporary name and
   * move it where readers look once this returns.
   *
   * @throws org.arca.converter.layer.LayerFormatException when a blob does not match its descriptor or a layer
   *     cannot be read or applied
   * @throws IllegalArgumentException for an image index, or an architecture SIF has no code for
   */
  public SifResult convert(ConversionSource source, Path output) throws IOException {
    try {
      return write(source, output);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(output);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private SifResult write(ConversionSource source, Path output) throws IOException {
    Manifest manifest = source.manifest();
    if (manifest.isIndex()) {
      throw new IllegalArgumentException("convert one platform's image manifest, not an index");
    }
    byte[] configBytes = source.configBytes();
    Digest configDigest = Digest.of(manifest.config().digest().newHasher().digest(configBytes),
        manifest.config().digest().algorithm());
    if (!configDigest.equals(manifest.config().digest())) {
      throw new LayerFormatException("config " + manifest.config().digest() + " does not match its descriptor");
    }
    ImageConfig config = ImageConfig.parse(configBytes);
    String arch = config.architecture();
    String archCode = SifArch.code(arch).orElseThrow(() -> new IllegalArgumentException(
        "SIF has no architecture code for " + arch));
    Long created = config.createdInstant().map(Instant::getEpochSecond).orElse(null);
    long fileTime = created == null ? 0 : Math.max(0, created);
    String from = source.reference().contains("@")
        ? source.reference()
        : source.reference() + "@" + source.manifestDigest();
    ApptainerMetadata apptainer = ApptainerMetadata.of(config, configBytes, from, created, VERSION);

    List<Descriptor> layers = manifest.layers();
    FileTree tree = new FileTree(Metadata.of(0755, 0, 0, fileTime));
    LayerFlattener flattener = new LayerFlattener(tree, fileTime);
    try (FileChannel channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
      SifWriter sif = new SifWriter(channel, SifWriter.APPTAINER_LAUNCH_SCRIPT, sifId(source.manifestDigest()),
          created == null ? SifWriter.UNSET_TIME : created, SifWriter.DEFAULT_CAPACITY);
      sif.add(SifObject.of(SifDataType.DEFFILE, ""), apptainer.definitionFile());
      sif.add(SifObject.of(SifDataType.GENERIC_JSON, "inspect-metadata.json"), apptainer.inspectMetadata());
      sif.add(SifObject.of(SifDataType.GENERIC_JSON, "oci-config.json"), apptainer.ociConfig());
      long partition = sif.begin(SifObject.partition(SifObject.FsType.SQUASHFS, SifObject.PartType.PRIMARY_SYSTEM,
          archCode));
      long squashfsSize;
      try (SquashfsWriter squashfs = new SquashfsWriter(channel, partition, options, fileTime)) {
        for (int i = 0; i < layers.size(); i++) {
          // the last layer's files cannot be hidden by a later layer, so they are stored on the first read
          boolean last = i == layers.size() - 1;
          readMetadata(source, layers.get(i), i, flattener, last ? new Storing(squashfs) : null);
        }
        ApptainerSkeleton.addTo(tree, apptainer, fileTime);
        ContentPlan plan = ContentPlan.of(tree, layers.size(), squashfs);
        for (int i = 0; i < layers.size(); i++) {
          writeContents(source, layers.get(i), plan.layer(i), squashfs);
        }
        for (Inode inode : plan.inline()) {
          squashfs.writeContent(inode, new ByteArrayInputStream(((Content.Inline) inode.content()).bytes()));
        }
        squashfsSize = squashfs.finish(tree);
      }
      sif.end(squashfsSize);
      long size = sif.finish();
      channel.truncate(size);
      return new SifResult(forceAndHash(channel, size), size, arch, squashfsSize);
    }
  }

  /** First read of a layer: applies its members to the tree; file contents are hashed, or stored if {@code store}. */
  private static void readMetadata(ConversionSource source, Descriptor layer, int index, LayerFlattener flattener,
      Storing store) throws IOException {
    try (InputStream raw = source.openBlob(layer);
        VerifiedBlobStream verified = new VerifiedBlobStream(raw, layer);
        InputStream tar = LayerCompression.decompress(verified, layer.mediaType());
        ReadAheadInputStream ahead = readAhead(tar, layer)) {
      TarReader reader = new TarReader(ahead);
      if (store == null) {
        flattener.apply(index, reader);
      } else {
        flattener.apply(index, reader, store);
      }
      ahead.close();
      verified.drainAndVerify();
    }
  }

  /** Stores each file's content into the squashfs as the flattener reads it. */
  private static final class Storing implements LayerFlattener.ContentReader {
    private final SquashfsWriter squashfs;
    private StoredContent last;

    Storing(SquashfsWriter squashfs) {
      this.squashfs = squashfs;
    }

    @Override
    public byte[] read(TarEntry entry, InputStream content) throws IOException {
      last = squashfs.store(content, entry.size());
      return last.sha256();
    }

    @Override
    public void created(Inode inode) {
      squashfs.attach(inode, last);
    }
  }

  /** Streams the contents {@code wanted} (in tar member order) from a second read of {@code layer}. */
  private static void writeContents(ConversionSource source, Descriptor layer, List<Inode> wanted,
      SquashfsWriter squashfs) throws IOException {
    if (wanted.isEmpty()) {
      return; // everything this layer holds is hidden, a duplicate or empty: no need to read it again
    }
    try (InputStream raw = source.openBlob(layer);
        VerifiedBlobStream verified = new VerifiedBlobStream(raw, layer);
        InputStream tar = LayerCompression.decompress(verified, layer.mediaType());
        ReadAheadInputStream ahead = readAhead(tar, layer)) {
      TarReader reader = new TarReader(ahead);
      int next = 0;
      for (TarEntry entry = reader.next(); entry != null && next < wanted.size(); entry = reader.next()) {
        Inode inode = wanted.get(next);
        Content.InLayer content = (Content.InLayer) inode.content();
        if (entry.ordinal() != content.entry()) {
          continue;
        }
        if (entry.kind() != TarEntry.Kind.REGULAR || entry.size() != content.size()) {
          throw new LayerFormatException("layer " + layer.digest() + " changed between reads at "
              + ByteStrings.toText(entry.name()));
        }
        squashfs.writeContent(inode, reader.content());
        next++;
      }
      if (next < wanted.size()) {
        throw new LayerFormatException("layer " + layer.digest() + " ended early on the second read");
      }
      ahead.close();
      verified.drainAndVerify();
    }
  }

  /**
   * Reads and decompresses a layer on a thread of its own: inflating is a tenth of a conversion's CPU, and on a
   * machine with many cores the one thread that parses the tar and feeds the compression threads would be the limit.
   * Closed before {@link VerifiedBlobStream#drainAndVerify}, which reads on from where that thread stopped.
   */
  private static ReadAheadInputStream readAhead(InputStream tar, Descriptor layer) {
    return new ReadAheadInputStream(tar, "arca-layer-read-" + layer.digest().hex().substring(0, 12));
  }

  /** The RFC 4122 name-based (version 5, SHA-1) UUID of the manifest digest in Arca's name space. */
  static UUID sifId(Digest manifestDigest) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-1", e);
    }
    sha1.update(ByteBuffer.allocate(16).putLong(UUID_NAMESPACE.getMostSignificantBits())
        .putLong(UUID_NAMESPACE.getLeastSignificantBits()).array());
    sha1.update(manifestDigest.toString().getBytes(StandardCharsets.UTF_8));
    byte[] hash = Arrays.copyOf(sha1.digest(), 16);
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer bytes = ByteBuffer.wrap(hash);
    return new UUID(bytes.getLong(), bytes.getLong());
  }

  /**
   * Flushes the SIF to disk and returns its SHA-256. Both are the serial end of a conversion, with every compression
   * thread idle, so the flush runs on a thread of its own while this one reads the file back from the page cache.
   */
  private static Digest forceAndHash(FileChannel channel, long size) throws IOException {
    FutureTask<Void> forcing = new FutureTask<>(() -> {
      channel.force(true);
      return null;
    });
    Thread thread = new Thread(forcing, "arca-sif-force");
    thread.setDaemon(true);
    thread.start();
    Digest digest;
    try {
      digest = sha256(channel, size);
    } finally {
      awaitForce(forcing);
    }
    return digest;
  }

  private static void awaitForce(FutureTask<Void> forcing) throws IOException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          forcing.get();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the channel must not be closed under the flush: wait for it all the same
        } catch (ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : new IOException("flushing the SIF failed", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Digest sha256(FileChannel channel, long size) throws IOException {
    MessageDigest hasher = Digest.newMessageDigest("sha256");
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    long position = 0;
    while (position < size) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new IOException("SIF shorter than written");
      }
      buffer.flip();
      hasher.update(buffer);
      position += n;
    }
    return Digest.of(hasher.digest(), "sha256");
  }
}
