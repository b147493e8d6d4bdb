package org.arca.registry.retention;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.PinnedContent;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryWriter;
import org.arca.core.registry.StoredManifest;
import org.arca.registry.metadata.Database;

/**
 * What retention removed stays restorable for {@code arca.retention.restore-window} (14 days by default): each
 * removed tag and manifest is kept here with the manifest's bytes and the digests it references. Until the window
 * ends they are pinned, so garbage collection keeps the blobs a restore needs; a restore pushes the manifest back
 * (children first) through the same path as a client's push.
 */
@Singleton
public class RestoreWindow implements PinnedContent {
  private final Database database;
  private final RegistryCatalog catalog;
  private final RegistryWriter writer;
  private final RetentionConfiguration config;
  private final Clock clock;

  public RestoreWindow(Database database, RegistryCatalog catalog, RegistryWriter writer,
      RetentionConfiguration config, Clock clock) {
    this.database = database;
    this.catalog = catalog;
    this.writer = writer;
    this.config = config;
    this.clock = clock;
  }

  /** A removed tag ({@code tag} set) or manifest, restorable until {@code restorableUntil}. */
  public record Removed(long id, RepositoryName repository, String tag, Digest digest, String planId,
      Instant removedAt, Instant restorableUntil) {}

  /** Keeps {@code manifest} (about to lose {@code tag}, or to be removed when tag is null) restorable. */
  long keep(String planId, StoredManifest manifest, String tag) {
    Instant now = clock.instant();
    Set<Digest> references = new LinkedHashSet<>();
    manifest.parse().references().stream().map(Descriptor::digest).forEach(references::add);
    return database.write(c -> {
      long id;
      try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_removed (repository, tag, digest,"
          + " media_type, content, plan_id, removed_at, restorable_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        s.setString(1, manifest.repository().value());
        s.setString(2, tag);
        s.setString(3, manifest.digest().toString());
        s.setString(4, manifest.mediaType());
        s.setBytes(5, manifest.content());
        s.setString(6, planId);
        s.setObject(7, now.atOffset(ZoneOffset.UTC));
        s.setObject(8, now.plus(config.restoreWindow()).atOffset(ZoneOffset.UTC));
        s.executeUpdate();
        id = RetentionStore.generatedId(s);
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO retention_removed_reference (removed_id, child_digest) VALUES (?, ?)")) {
        for (Digest reference : references) {
          s.setLong(1, id);
          s.setString(2, reference.toString());
          s.addBatch();
        }
        s.executeBatch();
      }
      return id;
    });
  }

  /** Drops an entry kept for a removal that did not happen. */
  void forget(long id) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM retention_removed WHERE id = ?")) {
        s.setLong(1, id);
        return s.executeUpdate();
      }
    });
  }

  /** Everything still restorable, newest first; entries past their window are dropped on the way. */
  public List<Removed> restorable() {
    Instant now = clock.instant();
    return database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM retention_removed WHERE restorable_until <= ?")) {
        s.setObject(1, now.atOffset(ZoneOffset.UTC));
        s.executeUpdate();
      }
      return select(c, "SELECT id, repository, tag, digest, plan_id, removed_at, restorable_until"
          + " FROM retention_removed ORDER BY removed_at DESC, id DESC", null);
    });
  }

  /**
   * Restores one removed tag or manifest: its manifest is pushed back (the child manifests of an index first, from
   * this window when they were removed too) and, for a tag, the tag set on it again.
   */
  public Removed restore(long id, String actor) {
    Instant now = clock.instant();
    Removed removed = database.read(c -> select(c, "SELECT id, repository, tag, digest, plan_id, removed_at,"
        + " restorable_until FROM retention_removed WHERE id = ?", id)).stream()
        .filter(r -> r.restorableUntil().isAfter(now)).findFirst()
        .orElseThrow(() -> new RegistryException(OciError.MANIFEST_UNKNOWN, "nothing restorable has the id " + id
            + "; GET /api/v1/retention/restorable lists what is").withStatus(404));
    pushBack(removed.repository(), removed.digest(), removed.tag(), actor, new HashSet<>());
    forget(id);
    return removed;
  }

  private void pushBack(RepositoryName repository, Digest digest, String tag, String actor, Set<Digest> seen) {
    if (!seen.add(digest)) {
      return;
    }
    boolean present = catalog.manifest(repository, digest).isPresent();
    if (present && tag == null) {
      return;
    }
    record Kept(String mediaType, byte[] content, List<Digest> references) {}
    Kept kept = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, media_type, content FROM retention_removed"
          + " WHERE repository = ? AND digest = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")) {
        s.setString(1, repository.value());
        s.setString(2, digest.toString());
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return null;
          }
          long id = r.getLong(1);
          String mediaType = r.getString(2);
          byte[] content = r.getBytes(3);
          List<Digest> references = new ArrayList<>();
          try (PreparedStatement refs = c.prepareStatement(
              "SELECT child_digest FROM retention_removed_reference WHERE removed_id = ?")) {
            refs.setLong(1, id);
            try (ResultSet rr = refs.executeQuery()) {
              while (rr.next()) {
                references.add(Digest.parse(rr.getString(1)));
              }
            }
          }
          return new Kept(mediaType, content, references);
        }
      }
    });
    if (kept == null) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "restore " + repository + "@" + digest
          + ": the manifest is neither in the repository nor restorable any more").withStatus(404);
    }
    for (Digest reference : kept.references()) {
      if (catalog.manifest(repository, reference).isEmpty() && isRestorable(repository, reference)) {
        pushBack(repository, reference, null, actor, seen);
      }
    }
    writer.pushManifest(repository, tag, kept.content(), kept.mediaType(), actor);
  }

  private boolean isRestorable(RepositoryName repository, Digest digest) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT 1 FROM retention_removed WHERE repository = ? AND digest = ?")) {
        s.setString(1, repository.value());
        s.setString(2, digest.toString());
        try (ResultSet r = s.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  @Override
  public Optional<String> pinReason(Digest digest) {
    Instant now = clock.instant();
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT rr.repository, rr.restorable_until FROM retention_removed"
          + " rr WHERE rr.restorable_until > ? AND (rr.digest = ? OR EXISTS (SELECT 1 FROM retention_removed_reference"
          + " x WHERE x.removed_id = rr.id AND x.child_digest = ?)) ORDER BY rr.restorable_until DESC")) {
        s.setObject(1, now.atOffset(ZoneOffset.UTC));
        s.setString(2, digest.toString());
        s.setString(3, digest.toString());
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of("removed from " + r.getString(1) + " by retention, restorable until "
              + RetentionStore.instant(r, 2)) : Optional.<String>empty();
        }
      }
    });
  }

  @Override
  public Set<Digest> pinned() {
    Instant now = clock.instant();
    return database.read(c -> {
      Set<Digest> pinned = new HashSet<>();
      try (PreparedStatement s = c.prepareStatement("SELECT rr.digest, x.child_digest FROM retention_removed rr"
          + " LEFT JOIN retention_removed_reference x ON x.removed_id = rr.id WHERE rr.restorable_until > ?")) {
        s.setObject(1, now.atOffset(ZoneOffset.UTC));
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            pinned.add(Digest.parse(r.getString(1)));
            if (r.getString(2) != null) {
              pinned.add(Digest.parse(r.getString(2)));
            }
          }
        }
      }
      return pinned;
    });
  }

  private static List<Removed> select(Connection c, String sql, Long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      if (id != null) {
        s.setLong(1, id);
      }
      List<Removed> removed = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          removed.add(new Removed(r.getLong(1), RepositoryName.parse(r.getString(2)), r.getString(3),
              Digest.parse(r.getString(4)), r.getString(5), RetentionStore.instant(r, 6),
              RetentionStore.instant(r, 7)));
        }
      }
      return removed;
    }
  }
}
