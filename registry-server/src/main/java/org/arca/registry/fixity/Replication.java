package org.arca.registry.fixity;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;
import org.arca.registry.storage.BlobStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the replica's copies: what must be copied (the blobs of images with a DOI and of the repositories the
 * replica's globs name), copying a blob with its digest checked on the way in and its copy re-read after writing,
 * and checking a copy again for the scrub. Every copy and check of a copy is a fixity event of that copy.
 */
@Singleton
@Requires(beans = Replica.class)
public class Replication {
  static final String AGENT = "arca replica";
  private static final Logger LOG = LoggerFactory.getLogger(Replication.class);

  private final Replica replica;
  private final BlobStorage primary;
  private final BlobVerifier replicaVerifier;
  private final Database database;
  private final MetadataStore metadata;
  private final FixityStore store;
  private final Quarantine quarantine;
  private final Clock clock;
  private final List<PathMatcher> repositories;

  public Replication(Replica replica, BlobStorage primary, ReplicaConfiguration config, Database database,
      MetadataStore metadata, FixityStore store, Quarantine quarantine, Clock clock) {
    this.replica = replica;
    this.primary = primary;
    this.replicaVerifier = new BlobVerifier(replica.blobs());
    this.database = database;
    this.metadata = metadata;
    this.store = store;
    this.quarantine = quarantine;
    this.clock = clock;
    this.repositories = config.repositories().stream().filter(g -> !g.isBlank())
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
  }

  public Replica replica() {
    return replica;
  }

  /** Whether the replica's globs name {@code repository}. */
  boolean named(RepositoryName repository) {
    return repositories.stream().anyMatch(m -> m.matches(Path.of(repository.value())));
  }

  /** The blobs of an image, to copy when it gets a DOI or is pushed to a named repository. */
  List<String> blobsOf(RepositoryName repository, Digest manifest) {
    return database.read(c -> store.imageBlobs(c, repository.value(), manifest.toString()));
  }

  /** Everything that must have a copy: the blobs of every image with a DOI and of every named repository. */
  Set<String> due() {
    return database.read(c -> {
      Set<String> due = new LinkedHashSet<>();
      for (FixityStore.DependentDoi cited : store.citedImages(c)) {
        due.addAll(store.imageBlobs(c, cited.repository(), cited.digest()));
      }
      for (String repository : store.repositories(c)) {
        if (RepositoryName.isValid(repository) && named(RepositoryName.parse(repository))) {
          due.addAll(store.linkedBlobs(c, repository));
        }
      }
      return due;
    });
  }

  /**
   * Copies the blob to the replica unless a verified copy is there already; returns whether it wrote one. Damaged
   * primary bytes are not copied: the copy finds them (the hash on the way in) and quarantines them instead.
   */
  public boolean copy(Digest digest) throws IOException {
    OptionalLong size = database.read(c -> metadata.blobSize(c, digest));
    if (size.isEmpty() || database.read(c -> store.quarantined(c, digest.toString())).isPresent()) {
      return false; // collected since, or damaged: repair restores it, and the next catch-up copies it
    }
    boolean verified = database.read(c -> store.copy(c, digest.toString(), replica.location()))
        .map(copy -> copy.outcome().equals(Outcome.PASS.wireName())).orElse(false);
    if (verified && replica.blobs().size(digest).orElse(-1) == size.getAsLong()) {
      return false;
    }
    String id;
    try (InputStream in = primary.open(digest)) {
      id = BlobCopy.stage(in, replica.uploads(), digest, size.getAsLong(), "copy blob " + digest + " to "
          + replica.location());
    } catch (BlobCopy.Mismatch e) {
      quarantine.record(new Check(digest, e.outcome, e.getMessage()), AGENT);
      return false;
    } catch (NoSuchFileException e) {
      quarantine.record(new Check(digest, Outcome.MISSING, "copy blob " + digest + " to " + replica.location()
          + ": no bytes are stored"), AGENT);
      return false;
    }
    if (!replica.uploads().commit(id, digest)) {
      // the replica held bytes for it already (a copy never verified, or damaged): check those
      Check existing = replicaVerifier.verify(digest, size.getAsLong());
      if (existing.outcome().failed()) {
        record(existing);
        replica.blobs().delete(digest);
        return copy(digest);
      }
    }
    Check check = replicaVerifier.verify(digest, size.getAsLong());
    record(check.outcome().failed() ? check : new Check(digest, Outcome.PASS, "copied to " + replica.location()
        + " and re-read"));
    if (check.outcome().failed()) {
      throw new IOException("copy blob " + digest + " to " + replica.location() + ": " + check.detail());
    }
    LOG.debug("copied blob {} to {}", digest, replica.location());
    return true;
  }

  /** Re-hashes the replica's copy of a blob that has one (the scrub calls it after the primary's check). */
  void checkCopy(Digest digest, long size, Throttle throttle) throws IOException, InterruptedException {
    if (database.read(c -> store.copy(c, digest.toString(), replica.location())).isEmpty()) {
      return;
    }
    record(replicaVerifier.verify(digest, size, throttle));
  }

  /** Opens the replica's copy, or throws {@link NoSuchFileException} when it has none. */
  InputStream open(Digest digest) throws IOException {
    return replica.blobs().open(digest);
  }

  private void record(Check check) {
    database.write(c -> {
      store.recordEvent(c, check, AGENT, clock.instant(), replica.location());
      store.saveCopy(c, check.digest(), replica.location(), check.outcome(), clock.instant());
      return null;
    });
    if (check.outcome().failed()) {
      LOG.warn("the replica's copy of blob {} failed its check: {}", check.digest(), check.detail());
    }
  }
}
