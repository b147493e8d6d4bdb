package org.arca.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import org.arca.core.Digest;

/**
 * Read access to the content-addressed blobs that all repositories share. Which repository may see which blob is
 * the {@link RegistryCatalog}'s business; this port only serves bytes.
 */
public interface BlobStore {

  /** The size of the blob, or empty when it is not stored. */
  OptionalLong size(Digest digest) throws IOException;

  /** Opens the blob for reading from {@code offset}; the caller closes the stream. */
  InputStream open(Digest digest, long offset) throws IOException;

  default InputStream open(Digest digest) throws IOException {
    return open(digest, 0);
  }
}
