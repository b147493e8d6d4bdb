package org.arca.registry.fixity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.OptionalLong;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;

/** What curators and users read about fixity: the quarantine with what depends on it, and an image's checks. */
@Singleton
public class FixityReports {
  private static final int EVENTS = 200;

  private final Database database;
  private final FixityStore store;
  private final MetadataStore metadata;
  private final Repair repair;
  private final Replication replication;

  public FixityReports(Database database, FixityStore store, MetadataStore metadata, Repair repair,
      @Nullable Replication replication) {
    this.database = database;
    this.store = store;
    this.metadata = metadata;
    this.repair = repair;
    this.replication = replication;
  }

  /**
   * The copies of a DOI's image: {@code verifiedCopies} counts those whose every blob passed its last check (the
   * primary store, the replica) or, for an export bag, is there with its recorded size.
   */
  @Serdeable
  public record DoiCopies(String doi, String repository, String digest, int blobs, int verifiedCopies,
      List<CopyState> copies) {}

  /**
   * One copy of an image's blobs: how many of them it holds verified, and when the least recently checked of them
   * was checked ({@code oldestCheck}, null when one was never checked or, for a bag, when it was only measured).
   */
  @Serdeable
  public record CopyState(String location, int blobsVerified, boolean verified, @Nullable Instant oldestCheck) {}

  /** For every DOI of an image, its copies and how many are verified. */
  public List<DoiCopies> dois() throws IOException {
    List<Path> bags = repair.bags();
    return database.read(c -> {
      List<DoiCopies> report = new ArrayList<>();
      for (FixityStore.DependentDoi cited : store.citedImages(c)) {
        List<String> blobs = store.imageBlobs(c, cited.repository(), cited.digest());
        List<CopyState> copies = new ArrayList<>();
        copies.add(primaryCopy(c, blobs));
        if (replication != null) {
          copies.add(replicaCopy(c, blobs, replication.replica().location()));
        }
        for (Path bag : bags) {
          CopyState copy = bagCopy(c, blobs, bag);
          if (copy.blobsVerified() > 0) {
            copies.add(copy);
          }
        }
        int verified = (int) copies.stream().filter(CopyState::verified).count();
        report.add(new DoiCopies(cited.doi(), cited.repository(), cited.digest(), blobs.size(), verified, copies));
      }
      return report;
    });
  }

  private CopyState primaryCopy(Connection c, List<String> blobs) throws SQLException {
    int verified = 0;
    Instant oldest = null;
    boolean allChecked = true;
    for (String blob : blobs) {
      List<FixityStore.Event> last = store.events(c, List.of(blob), 1, true);
      if (last.isEmpty()) {
        allChecked = false;
        continue;
      }
      oldest = oldest == null || last.get(0).checkedAt().isBefore(oldest) ? last.get(0).checkedAt() : oldest;
      boolean passed = last.get(0).outcome().equals(Outcome.PASS.wireName())
          && store.quarantined(c, blob).isEmpty();
      verified += passed ? 1 : 0;
    }
    return new CopyState(FixityStore.PRIMARY, verified, verified == blobs.size(), allChecked ? oldest : null);
  }

  private CopyState replicaCopy(Connection c, List<String> blobs, String location) throws SQLException {
    int verified = 0;
    Instant oldest = null;
    boolean allChecked = true;
    for (String blob : blobs) {
      var copy = store.copy(c, blob, location);
      if (copy.isEmpty()) {
        allChecked = false;
        continue;
      }
      oldest = oldest == null || copy.get().checkedAt().isBefore(oldest) ? copy.get().checkedAt() : oldest;
      verified += copy.get().outcome().equals(Outcome.PASS.wireName()) ? 1 : 0;
    }
    return new CopyState(location, verified, verified == blobs.size(), allChecked ? oldest : null);
  }

  /** A bag's copy, measured: its blob files there with their recorded sizes (the export hashed them as it wrote). */
  private CopyState bagCopy(Connection c, List<String> blobs, Path bag) throws SQLException {
    int present = 0;
    for (String blob : blobs) {
      Digest digest = Digest.parse(blob);
      Path file = bag.resolve("data").resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
      OptionalLong size = metadata.blobSize(c, digest);
      try {
        present += size.isPresent() && Files.size(file) == size.getAsLong() ? 1 : 0;
      } catch (IOException e) {
        // not in this bag
      }
    }
    return new CopyState("bag " + bag, present, present == blobs.size(), null);
  }


  /** A quarantined blob and the manifests (images, indexes, SIF artifacts) and DOIs that depend on it. */
  @Serdeable
  public record QuarantineEntry(FixityStore.Quarantined blob, List<FixityStore.Dependent> manifests,
      List<FixityStore.DependentDoi> dois) {}

  /** The newest fixity checks of an image's blobs (config and layers), newest first. */
  @Serdeable
  public record ImageFixity(String repository, String digest, List<String> blobs, List<FixityStore.Event> events,
      List<FixityStore.Quarantined> quarantined) {}

  /** The last check of one blob of an image, and whether the blob is quarantined. */
  @Serdeable
  public record LastCheck(String digest, @Nullable FixityStore.Event last,
      boolean quarantined) {}

  /** For each blob an image references directly, its last fixity check (null when never checked since push). */
  public List<LastCheck> lastChecks(RepositoryName repository, Digest manifest) {
    return database.read(c -> {
      List<LastCheck> checks = new ArrayList<>();
      for (String blob : store.references(c, repository.value(), manifest.toString())) {
        List<FixityStore.Event> events = store.events(c, List.of(blob), 1, true);
        checks.add(new LastCheck(blob, events.isEmpty() ? null : events.get(0),
            store.quarantined(c, blob).isPresent()));
      }
      return checks;
    });
  }

  public List<QuarantineEntry> quarantine() {
    return database.read(c -> {
      List<QuarantineEntry> entries = new ArrayList<>();
      for (FixityStore.Quarantined q : store.quarantined(c)) {
        List<FixityStore.Dependent> manifests = store.dependents(c, q.digest());
        entries.add(new QuarantineEntry(q, manifests, store.dois(c, manifests)));
      }
      return entries;
    });
  }

  public ImageFixity image(RepositoryName repository, Digest manifest) {
    return database.read(c -> {
      List<String> blobs = store.references(c, repository.value(), manifest.toString());
      List<FixityStore.Quarantined> quarantined = new ArrayList<>();
      for (String blob : blobs) {
        store.quarantined(c, blob).ifPresent(quarantined::add);
      }
      return new ImageFixity(repository.value(), manifest.toString(), blobs, store.events(c, blobs, EVENTS),
          quarantined);
    });
  }
}
