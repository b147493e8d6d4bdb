package org.arca.registry.compose;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.image.ReproducibleLayerBuilder;
import com.google.common.collect.ImmutableList;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.BlobStore;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.upload.UploadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requester's own files as a layer of their composition: a tar they pushed as a blob into the target repository is
 * unpacked into a staging directory under the data directory and laid out again by Jib Core's reproducible layer
 * builder (entries in path order, a fixed modification time, owner 0:0, mode 755 for executables and directories and
 * 644 for other files), so the same files give the same layer digest whatever the tar's order, times or owners were.
 * Only regular files and directories are taken: links and devices have no place in "my scripts".
 */
@Singleton
class OwnFilesLayer {
  /** The largest tar accepted, and the most its files may hold unpacked (a gzip bomb stops here too). */
  static final long MAX_BYTES = 64L * 1024 * 1024;
  /** Whose files these are, in conflicts and history. */
  static final String OWNER = "your files";
  private static final Logger LOG = LoggerFactory.getLogger(OwnFilesLayer.class);

  private final BlobStore blobs;
  private final UploadService uploads;
  private final Path staging;

  OwnFilesLayer(BlobStore blobs, UploadService uploads, ArcaConfiguration config) {
    this.blobs = blobs;
    this.uploads = uploads;
    this.staging = config.dataDir().resolve("tmp").resolve("compose");
  }

  /** The layer as stored in the target repository, and what it holds (for the conflict check). */
  record Built(Descriptor layer, LayerFiles files) {}

  /** Builds the layer from tar blob {@code tar} of {@code repository} and stores it there through the blob path. */
  Built build(RepositoryName repository, Digest tar) {
    // mounting a blob from its own repository links nothing new; it answers whether the repository holds it
    Descriptor uploaded = uploads.mount(repository, tar, repository);
    if (uploaded == null) {
      throw invalid("the files " + tar + " are not a blob of " + repository + ": push the tar there first"
          + " (POST /v2/" + repository + "/blobs/uploads/?digest=" + tar + ")");
    }
    if (uploaded.size() > MAX_BYTES) {
      throw invalid("the files " + tar + " are " + uploaded.size() + " bytes; at most " + MAX_BYTES
          + " bytes (64 MiB) of your own files go into a composition");
    }
    Path directory = null;
    try {
      Files.createDirectories(staging);
      directory = Files.createTempDirectory(staging, "files-");
      List<FileEntry> entries = unpack(tar, directory.resolve("root"));
      Path layerFile = directory.resolve("layer.tar.gz");
      MessageDigest compressed = Digest.newMessageDigest("sha256");
      try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(layerFile),
          compressed))) {
        new ReproducibleLayerBuilder(ImmutableList.copyOf(entries)).build().writeTo(out);
      }
      Digest digest = Digest.of(compressed.digest(), "sha256");
      LayerFiles files;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(layerFile))) {
        files = LayerFiles.read(in);
      }
      long size = Files.size(layerFile);
      try (InputStream in = Files.newInputStream(layerFile)) {
        uploads.monolithic(repository, digest, size, in);
      }
      return new Built(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, size), files);
    } catch (IOException e) {
      throw new UncheckedIOException("build the layer of files " + tar + " in " + repository, e);
    } finally {
      delete(directory);
    }
  }

  /** Unpacks the tar (plain or gzip-compressed) under {@code root}; returns Jib's entries for what it holds. */
  private List<FileEntry> unpack(Digest tar, Path root) throws IOException {
    // by path: a tar that names a path twice means its last entry, as tar itself unpacks it
    Map<String, FileEntry> entries = new LinkedHashMap<>();
    long unpacked = 0;
    try (InputStream raw = new BufferedInputStream(blobs.open(tar))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      TarArchiveInputStream archive = new TarArchiveInputStream(gzip ? new GZIPInputStream(raw) : raw);
      TarArchiveEntry entry;
      while ((entry = next(archive, tar)) != null) {
        String path = LayerFiles.normalize(entry.getName());
        if (path.isEmpty() || path.equals(".")) {
          continue;
        }
        checkPath(path, tar);
        Path target = root.resolve(path);
        AbsoluteUnixPath inImage = AbsoluteUnixPath.get("/" + path);
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          entries.putIfAbsent(path, new FileEntry(target, inImage, FilePermissions.DEFAULT_FOLDER_PERMISSIONS,
              FileEntriesLayer.DEFAULT_MODIFICATION_TIME, "0:0"));
        } else if (entry.isFile()) {
          unpacked += entry.getSize();
          if (unpacked > MAX_BYTES) {
            throw invalid("the files " + tar + " hold more than " + MAX_BYTES + " bytes (64 MiB) unpacked");
          }
          Files.createDirectories(target.getParent());
          Files.copy(archive, target, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = (entry.getMode() & 0111) != 0;
          entries.put(path, new FileEntry(target, inImage, executable ? FilePermissions.fromOctalString("755")
              : FilePermissions.DEFAULT_FILE_PERMISSIONS, FileEntriesLayer.DEFAULT_MODIFICATION_TIME, "0:0"));
        } else {
          throw invalid("the files " + tar + " hold " + path + ", which is not a regular file or directory (a link"
              + " or device); only files and directories go into your layer");
        }
      }
    } catch (IOException e) {
      throw notATar(tar, e);
    }
    if (entries.isEmpty()) {
      throw invalid("the files " + tar + " are not a tar, or an empty one: send a tar (or tar.gz) of your files");
    }
    return List.copyOf(entries.values());
  }

  private static TarArchiveEntry next(TarArchiveInputStream archive, Digest tar) {
    try {
      return archive.getNextEntry();
    } catch (IOException | IllegalArgumentException e) {
      throw notATar(tar, e);
    }
  }

  private static void checkPath(String path, Digest tar) {
    for (String segment : path.split("/")) {
      if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
        throw invalid("the files " + tar + " hold the path " + path + ", which leaves or repeats its directory");
      }
      if (segment.startsWith(LayerFiles.WHITEOUT_PREFIX)) {
        throw invalid("the files " + tar + " hold " + path + ", a whiteout: your files may add, not remove");
      }
    }
  }

  private static RegistryException notATar(Digest tar, Exception e) {
    LOG.info("the files {} are not a tar", tar, e);
    return invalid("the files " + tar + " are not a tar: send a tar (or tar.gz) of your files");
  }

  private static RegistryException invalid(String message) {
    return CompositionRequest.invalid(message);
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // logged, not thrown: the composition's own outcome (or error) is what the requester needs to see
      LOG.warn("could not clean up the staging directory {}", directory, e);
    }
  }
}
