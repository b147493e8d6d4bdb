package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryWriter;
import org.arca.core.registry.StoredManifest;
import org.arca.preservation.archive.ImportSink;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.registry.event.RegistryEvents;

/**
 * Writes an archive's content into the registry the way a client's push would, through {@link RegistryWriter}: blobs
 * are verified against their digests as they stream in, manifests must reference content already there, tags go
 * through the same guards. DOI and provenance records are stored as the archive has them (their states, times and
 * withdrawals), because they describe history that this instance did not see.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class RegistryImportSink implements ImportSink {
  static final String ACTOR = "arca-import";
  private final RegistryWriter writer;
  private final RegistryCatalog catalog;
  private final JdbcDoiRecordStore dois;
  private final JdbcProvenanceStore provenance;
  private final RegistryEvents events;
  private final DoiWithdrawals withdrawals;
  private final Clock clock;

  public RegistryImportSink(RegistryWriter writer, RegistryCatalog catalog, JdbcDoiRecordStore dois,
      JdbcProvenanceStore provenance, RegistryEvents events, DoiWithdrawals withdrawals, Clock clock) {
    this.writer = writer;
    this.catalog = catalog;
    this.dois = dois;
    this.provenance = provenance;
    this.events = events;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  @Override
  public void blob(RepositoryName repository, Digest digest, long size, InputStream content) throws IOException {
    writer.pushBlob(repository, digest, content);
  }

  @Override
  public void manifest(RepositoryName repository, Digest digest, String mediaType, byte[] content) {
    Digest stored = writer.pushManifest(repository, null, content, mediaType, ACTOR);
    if (!stored.equals(digest)) {
      throw new RegistryException(OciError.DIGEST_INVALID, "import " + repository + "@" + digest
          + ": the manifest was stored as " + stored);
    }
  }

  @Override
  public void tag(RepositoryName repository, String tag, Digest digest) {
    StoredManifest manifest = catalog.manifest(repository, digest).orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, "import tag " + repository + ":" + tag + ": " + digest + " was not imported"));
    writer.pushManifest(repository, tag, manifest.content(), manifest.mediaType(), ACTOR);
  }

  @Override
  public void doi(DoiRecord record) {
    dois.find(record.doi()).ifPresent(existing -> {
      boolean same = existing.repository().equals(record.repository())
          && java.util.Objects.equals(existing.digest(), record.digest());
      if (!same) {
        throw new RegistryException(OciError.DENIED, "import DOI " + record.doi() + ": here it already names "
            + existing.repository() + (existing.digest() == null ? "" : "@" + existing.digest()));
      }
    });
    dois.save(record);
    withdrawals.refresh();
    if (record.digest() != null) {
      events.publish(new ImageFactsChanged(record.repository(), record.digest(), "doi", clock.instant()));
    }
  }

  @Override
  public void provenance(ProvenanceRecord record) {
    provenance.restore(record);
  }
}
