package org.arca.registry.fixity;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.metadata.Database;

/** What curators and users read about fixity: the quarantine with what depends on it, and an image's checks. */
@Singleton
public class FixityReports {
  private static final int EVENTS = 200;

  private final Database database;
  private final FixityStore store;

  public FixityReports(Database database, FixityStore store) {
    this.database = database;
    this.store = store;
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
  public record LastCheck(String digest, @io.micronaut.core.annotation.Nullable FixityStore.Event last,
      boolean quarantined) {}

  /** For each blob an image references directly, its last fixity check (null when never checked since push). */
  public List<LastCheck> lastChecks(RepositoryName repository, Digest manifest) {
    return database.read(c -> {
      List<LastCheck> checks = new ArrayList<>();
      for (String blob : store.references(c, repository.value(), manifest.toString())) {
        List<FixityStore.Event> events = store.events(c, List.of(blob), 1);
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
