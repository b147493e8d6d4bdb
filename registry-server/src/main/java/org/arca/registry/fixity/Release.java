package org.arca.registry.fixity;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.OptionalLong;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;

/**
 * Takes a blob out of quarantine once its bytes are right again (restored from a backup or an export bag): it is
 * re-hashed first, the check is recorded, and only a pass releases it.
 */
@Singleton
public class Release {
  private final Database database;
  private final MetadataStore metadata;
  private final BlobVerifier verifier;
  private final Quarantine quarantine;

  public Release(Database database, MetadataStore metadata, BlobVerifier verifier, Quarantine quarantine) {
    this.database = database;
    this.metadata = metadata;
    this.verifier = verifier;
    this.quarantine = quarantine;
  }

  /** Re-hashes the blob and releases it when it passes; returns the check either way. */
  public Check verifyAndRelease(Digest digest, String agent) throws IOException {
    OptionalLong size = database.read(c -> metadata.blobSize(c, digest));
    if (size.isEmpty()) {
      throw new RegistryException(OciError.BLOB_UNKNOWN, "release blob " + digest + ": no such blob is recorded");
    }
    Check check = verifier.verify(digest, size.getAsLong());
    quarantine.record(check, agent);
    if (!check.outcome().failed()) {
      quarantine.release(digest, agent);
    }
    return check;
  }
}
