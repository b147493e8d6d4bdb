package org.arca.registry.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.arca.core.Digest;
import org.arca.core.registry.BlobStore;

/**
 * Where blob bytes live, content-addressed and written once. Extends the read port features use with what only the
 * registry does: serving a local file without copying, deleting, and listing for garbage collection.
 */
public interface BlobStorage extends BlobStore {

  /** A local file holding the blob, so that it can be sent with zero-copy; empty when blobs are remote. */
  Optional<Path> localFile(Digest digest);

  /** Removes the blob's bytes; a no-op when it is absent. Only garbage collection calls this. */
  void delete(Digest digest) throws IOException;

  /** Visits every stored digest. */
  void forEach(Consumer<Digest> visitor) throws IOException;
}
