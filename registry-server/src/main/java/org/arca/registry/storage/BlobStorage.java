package org.arca.registry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Consumer;
import org.arca.core.Digest;
import org.arca.core.registry.BlobStore;

/**
 * Where blob bytes live, content-addressed and written once. Extends the read port features use with what only the
 * registry does: ranged reads, deleting, and listing for garbage collection. Reading is streams; a backend whose
 * blobs are local files may also offer them for zero-copy sending ({@link #localFile}), and every caller falls back
 * to {@link #open(Digest, long, long)} when it does not. {@code BlobStorageContract} is the test every backend runs.
 */
public interface BlobStorage extends BlobStore {

  /**
   * Opens {@code length} bytes of the blob from {@code offset}; the caller closes the stream. Throws
   * {@link java.nio.file.NoSuchFileException} when the blob is not stored. Object stores override this with a ranged
   * read, so that a range never costs the whole blob.
   */
  default InputStream open(Digest digest, long offset, long length) throws IOException {
    return new BoundedInputStream(open(digest, offset), length);
  }

  /**
   * An optional capability: a local file holding the blob, so that it can be sent with zero-copy. Empty when the
   * backend keeps no local files (or this one is absent); callers then stream with {@link #open(Digest, long, long)}.
   */
  default Optional<Path> localFile(Digest digest) {
    return Optional.empty();
  }

  /**
   * An optional capability: a short-lived URL from which a client may fetch the blob directly (a 307 redirect sends it
   * there), so that its bytes do not pass through Arca. Empty when the backend does not hand such URLs out, or is not
   * set to; the caller then sends the bytes itself. The caller has already checked access, quarantine and withdrawal.
   */
  default Optional<URI> redirect(Digest digest) {
    return Optional.empty();
  }

  /** Removes the blob's bytes; a no-op when it is absent. Only garbage collection calls this. */
  void delete(Digest digest) throws IOException;

  /**
   * Removes the bytes of several blobs; absent ones are skipped. Object stores override this with batch requests, so
   * that a garbage collection sweep costs one request per thousand blobs rather than one per blob.
   */
  default void deleteAll(Collection<Digest> digests) throws IOException {
    for (Digest digest : digests) {
      delete(digest);
    }
  }

  /** Visits every stored digest. */
  void forEach(Consumer<Digest> visitor) throws IOException;
}
