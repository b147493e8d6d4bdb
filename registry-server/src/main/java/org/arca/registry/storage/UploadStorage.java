package org.arca.registry.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.arca.core.Digest;

/**
 * Bytes of blob uploads in progress, each named by an upload id that this port makes and checks. Facts about an
 * upload (repository, size so far) live in the database; this holds only bytes, and may hold more than the database
 * recorded after a crash, which is why every write names the offset it starts at. A session is created, appended to
 * chunk by chunk, then either committed as a blob or cancelled; a file system or an object store (as a multipart
 * upload) can implement it. {@code BlobStorageContract} is the test every backend runs.
 *
 * <p>Every method taking an upload id throws {@link org.arca.core.RegistryException} with {@code BLOB_UPLOAD_UNKNOWN}
 * for an id that {@link #isValidId} refuses, before it touches anything.
 */
public interface UploadStorage {

  /** A fresh upload id, which the client sees in the upload's location: a random UUID unless a backend says otherwise. */
  default String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Whether {@code id} has the form of this backend's upload ids; nothing else is ever looked up, so that no input
   * becomes a path or a key.
   */
  default boolean isValidId(String id) {
    return id != null && UploadIds.FORM.matcher(id).matches();
  }

  /** The form of the default ids. */
  final class UploadIds {
    private static final Pattern FORM =
        Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private UploadIds() {}
  }

  void create(String uploadId) throws IOException;

  /** Bytes currently stored for the upload, or -1 when there are none. */
  long length(String uploadId) throws IOException;

  /**
   * Opens the upload for appending at {@code offset}, first dropping anything stored beyond it; fails with an
   * {@link IOException} when fewer than {@code offset} bytes are stored.
   */
  Appender append(String uploadId, long offset) throws IOException;

  /** Bytes going into one upload; used by one request at a time. Closing it keeps what was written. */
  interface Appender extends Closeable {
    /** Writes all of {@code data}. */
    void write(ByteBuffer data) throws IOException;
  }

  /** Cuts the upload back to {@code size} bytes, e.g. after a failed chunk; a no-op when it holds no more. */
  void truncate(String uploadId, long size) throws IOException;

  /** Reads the first {@code length} bytes, to rebuild a hash state lost with a restart. */
  InputStream read(String uploadId, long length) throws IOException;

  /**
   * Makes the upload's bytes the blob {@code digest}, durably, and ends the upload. The caller has verified the
   * digest. When the blob already exists the upload's bytes are dropped instead, since content is addressed by its
   * digest. Concurrent commits of one digest all succeed and leave one blob; which of them wrote it is not told (a
   * rename, like an object PUT, replaces an equal blob silently).
   *
   * @return false when the blob was already stored before this commit, true when this commit wrote it or raced
   *     another writer of the same bytes
   */
  boolean commit(String uploadId, Digest digest) throws IOException;

  /** Ends the upload and drops its bytes; a no-op when it holds none. */
  void cancel(String uploadId) throws IOException;

  /** Uploads whose bytes were last written before {@code before}. */
  List<String> modifiedBefore(Instant before) throws IOException;

  /**
   * Drops what commits cut short by a crash left behind before {@code before} and no upload id names (such as an
   * object store's incomplete multipart uploads), returning how many; nothing for a backend that leaves nothing.
   */
  default int dropIncompleteCommits(Instant before) throws IOException {
    return 0;
  }
}
