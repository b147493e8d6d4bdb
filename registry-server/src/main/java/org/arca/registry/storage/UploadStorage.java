package org.arca.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;

/**
 * Bytes of blob uploads in progress, each named by its upload id. Facts about an upload (repository, size so far)
 * live in the database; this holds only bytes, and may hold more than the database recorded after a crash, which
 * is why every write names the offset it starts at.
 */
public interface UploadStorage {

  void create(String uploadId) throws IOException;

  /** Bytes currently stored for the upload, or -1 when there are none. */
  long length(String uploadId) throws IOException;

  /**
   * Opens the upload for appending at {@code offset}, first dropping anything stored beyond it; fails when fewer
   * than {@code offset} bytes are stored.
   */
  Appender append(String uploadId, long offset) throws IOException;

  /** Bytes going into one upload; used by one request at a time. */
  interface Appender extends java.io.Closeable {
    /** Writes all of {@code data}. */
    void write(java.nio.ByteBuffer data) throws IOException;
  }

  /** Cuts the upload back to {@code size} bytes, e.g. after a failed chunk. */
  void truncate(String uploadId, long size) throws IOException;

  /** Reads the first {@code length} bytes, to rebuild a hash state lost with a restart. */
  InputStream read(String uploadId, long length) throws IOException;

  /**
   * Makes the upload's bytes the blob {@code digest}: flushed to disk, then moved into place atomically. The caller
   * has verified the digest. When the blob already exists the upload's bytes are dropped instead, since content is
   * addressed by its digest.
   *
   * @return true when the blob was newly stored
   */
  boolean commit(String uploadId, Digest digest) throws IOException;

  void delete(String uploadId) throws IOException;

  /** Uploads whose bytes were last written before {@code before}. */
  List<String> modifiedBefore(Instant before) throws IOException;
}
