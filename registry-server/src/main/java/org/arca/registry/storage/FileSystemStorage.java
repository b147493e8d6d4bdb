package org.arca.registry.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * Blobs and uploads on the local file system:
 *
 * <pre>
 * blobs/sha256/ab/abcdef…   one file per blob, written once, never changed
 * uploads/&lt;id&gt;             bytes of an upload in progress
 * </pre>
 *
 * Both directories sit on the same file system so that committing an upload is a rename. Paths are built only from
 * validated digests and from upload ids that match {@link #isValidId}, so no input can reach outside the root.
 */
public final class FileSystemStorage implements BlobStorage, UploadStorage {

  private final Path blobs;
  private final Path uploads;
  private final boolean zeroCopy;

  public FileSystemStorage(Path root) throws IOException {
    this(root, true);
  }

  /**
   * @param zeroCopy whether blobs are offered as local files for zero-copy sending; without it every download streams,
   *     as from an object store, which is how the tests exercise that path
   */
  public FileSystemStorage(Path root, boolean zeroCopy) throws IOException {
    this.blobs = root.resolve("blobs");
    this.uploads = root.resolve("uploads");
    this.zeroCopy = zeroCopy;
    Files.createDirectories(blobs);
    Files.createDirectories(uploads);
    if (!Files.getFileStore(blobs).equals(Files.getFileStore(uploads))) {
      throw new IOException("blobs/ and uploads/ must be on one file system so that a commit is a rename");
    }
  }

  Path blobPath(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
  }

  private Path uploadPath(String uploadId) {
    if (!isValidId(uploadId)) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "unknown upload " + uploadId);
    }
    return uploads.resolve(uploadId);
  }

  // ---- blobs

  @Override
  public OptionalLong size(Digest digest) throws IOException {
    try {
      return OptionalLong.of(Files.size(blobPath(digest)));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  @Override
  public InputStream open(Digest digest, long offset) throws IOException {
    FileChannel channel = FileChannel.open(blobPath(digest), StandardOpenOption.READ);
    try {
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return Channels.newInputStream(channel);
  }

  @Override
  public Optional<Path> localFile(Digest digest) {
    if (!zeroCopy) {
      return Optional.empty();
    }
    Path path = blobPath(digest);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(blobPath(digest));
  }

  @Override
  public void forEach(Consumer<Digest> visitor) throws IOException {
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
      for (Path algorithm : algorithms) {
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(algorithm)) {
          for (Path prefix : prefixes) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
              for (Path file : files) {
                try {
                  visitor.accept(new Digest(algorithm.getFileName().toString(), file.getFileName().toString()));
                } catch (RegistryException notABlob) {
                  // a stray file (editor backup, temp file) is not content; leave it alone
                }
              }
            }
          }
        }
      }
    }
  }

  // ---- uploads

  @Override
  public void create(String uploadId) throws IOException {
    Files.createFile(uploadPath(uploadId));
  }

  @Override
  public long length(String uploadId) throws IOException {
    try {
      return Files.size(uploadPath(uploadId));
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  @Override
  public Appender append(String uploadId, long offset) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(uploadPath(uploadId), StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "upload " + uploadId + " has no data");
    }
    try {
      if (channel.size() > offset) {
        channel.truncate(offset);
      } else if (channel.size() < offset) {
        throw new EOFException("upload " + uploadId + " holds " + channel.size() + " bytes, expected " + offset);
      }
      channel.position(offset);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new Appender() {
      @Override
      public void write(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
          channel.write(data);
        }
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public void truncate(String uploadId, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(uploadPath(uploadId), StandardOpenOption.WRITE)) {
      if (channel.size() > size) {
        channel.truncate(size);
      }
    } catch (NoSuchFileException e) {
      // nothing to cut back
    }
  }

  @Override
  public InputStream read(String uploadId, long length) throws IOException {
    InputStream in = Files.newInputStream(uploadPath(uploadId));
    return new BoundedInputStream(in, length);
  }

  @Override
  public boolean commit(String uploadId, Digest digest) throws IOException {
    Path source = uploadPath(uploadId);
    Path target = blobPath(digest);
    if (Files.exists(target)) {
      // Same digest, same bytes: nothing to move, and the existing file was flushed when it was committed.
      Files.deleteIfExists(source);
      return false;
    }
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.createDirectories(target.getParent());
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(source); // a concurrent commit of the same blob won
      return false;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename uploads into blobs atomically; keep both on one file system", e);
    }
    syncDirectory(target.getParent());
    return true;
  }

  @Override
  public void cancel(String uploadId) throws IOException {
    Files.deleteIfExists(uploadPath(uploadId));
  }

  @Override
  public List<String> modifiedBefore(Instant before) throws IOException {
    List<String> stale = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(uploads)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        try {
          if (isValidId(name)
              && Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
            stale.add(name);
          }
        } catch (NoSuchFileException gone) {
          // finished or purged meanwhile
        }
      }
    }
    return stale;
  }

  /** Makes a rename durable: on Linux the new directory entry survives a power loss only once the directory is synced. */
  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
