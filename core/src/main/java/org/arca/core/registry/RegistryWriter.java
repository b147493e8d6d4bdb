package org.arca.core.registry;

import java.io.IOException;
import java.io.InputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Write access for features that store derived content back into the registry (a converted SIF, a provenance
 * statement, an imported archive). Content goes through the same checks as a client's push: digests are verified
 * while streaming, and a manifest must reference only content the repository holds.
 */
public interface RegistryWriter {

  /**
   * Stores a blob in the repository, streaming {@code content} and verifying it hashes to {@code digest}.
   *
   * @return the stored blob (its media type is {@code application/octet-stream}; manifests say what it is)
   */
  Descriptor pushBlob(RepositoryName repository, Digest digest, InputStream content) throws IOException;

  /**
   * Stores a manifest exactly as given, under {@code tag} when it is not null, as {@code actor} (recorded as the
   * pusher, e.g. {@code arca-converter}).
   *
   * @return the manifest's digest
   */
  Digest pushManifest(RepositoryName repository, String tag, byte[] manifest, String mediaType, String actor);
}
