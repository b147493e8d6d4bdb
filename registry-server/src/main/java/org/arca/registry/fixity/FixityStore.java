package org.arca.registry.fixity;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;

/** The fixity tables in SQL (events, quarantine, the scrub's cursor); runs in the caller's transaction. */
@Singleton
public class FixityStore {
  /** The location of the primary store's copy in events. */
  static final String PRIMARY = "primary";

  /** A recorded blob: its digest and recorded size. */
  record BlobRow(Digest digest, long size) {}

  /** One fixity check as recorded. */
  @Serdeable
  public record Event(String digest, Instant checkedAt, String agent, String outcome, String detail, String copy) {}

  /** A copy of a blob outside the primary store, and its last check. */
  @Serdeable
  public record Copy(String digest, String location, Instant checkedAt, String outcome) {}

  /** A quarantined blob. */
  @Serdeable
  public record Quarantined(String digest, Instant since, String agent, String reason) {}

  /** Where the scrub stands: the last digest checked in this cycle (null at its start), and when the cycle began. */
  record Cursor(String lastDigest, Instant cycleStartedAt) {}

  /** A manifest that references a blob, directly or through an index. */
  @Serdeable
  public record Dependent(String repository, String manifest) {}

  /** A DOI whose image depends on a blob. */
  @Serdeable
  public record DependentDoi(String doi, String repository, String digest) {}

  void recordEvent(Connection c, Check check, String agent, Instant at) throws SQLException {
    recordEvent(c, check, agent, at, PRIMARY);
  }

  /** Records a check of the copy at {@code location} ({@link #PRIMARY} for the primary store). */
  void recordEvent(Connection c, Check check, String agent, Instant at, String location) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO fixity_event (digest, checked_at, agent, outcome,"
        + " detail, copy_location) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(6, location);
      s.setString(1, check.digest().toString());
      s.setObject(2, time(at));
      s.setString(3, agent);
      s.setString(4, check.outcome().wireName());
      s.setString(5, check.detail() == null ? null : truncate(check.detail()));
      s.executeUpdate();
    }
  }

  /** The newest checks of the blobs {@code digests}, of every copy, newest first. */
  List<Event> events(Connection c, List<String> digests, int limit) throws SQLException {
    return events(c, digests, limit, false);
  }

  /** The newest checks of the blobs {@code digests} (of the primary copy only, when asked), newest first. */
  List<Event> events(Connection c, List<String> digests, int limit, boolean primaryOnly) throws SQLException {
    if (digests.isEmpty()) {
      return List.of();
    }
    String in = "?,".repeat(digests.size() - 1) + "?";
    try (PreparedStatement s = c.prepareStatement("SELECT digest, checked_at, agent, outcome, detail, copy_location"
        + " FROM fixity_event WHERE digest IN (" + in + ")" + (primaryOnly ? " AND copy_location = 'primary'" : "")
        + " ORDER BY checked_at DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
      int i = 1;
      for (String digest : digests) {
        s.setString(i++, digest);
      }
      s.setInt(i, limit);
      List<Event> events = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(new Event(r.getString(1), instant(r, 2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6)));
        }
      }
      return events;
    }
  }

  /** Quarantines the blob; true when it was not quarantined before. */
  boolean quarantine(Connection c, Check check, String agent, Instant at) throws SQLException {
    if (quarantined(c, check.digest().toString()).isPresent()) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO blob_quarantine (digest, quarantined_at, agent, reason) VALUES (?, ?, ?, ?)")) {
      s.setString(1, check.digest().toString());
      s.setObject(2, time(at));
      s.setString(3, agent);
      s.setString(4, truncate(check.detail()));
      s.executeUpdate();
    }
    return true;
  }

  Optional<Quarantined> quarantined(Connection c, String digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT digest, quarantined_at, agent, reason FROM blob_quarantine WHERE digest = ?")) {
      s.setString(1, digest);
      List<Quarantined> found = quarantined(s);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }
  }

  List<Quarantined> quarantined(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT digest, quarantined_at, agent, reason FROM blob_quarantine ORDER BY quarantined_at, digest")) {
      return quarantined(s);
    }
  }

  private static List<Quarantined> quarantined(PreparedStatement s) throws SQLException {
    List<Quarantined> found = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        found.add(new Quarantined(r.getString(1), instant(r, 2), r.getString(3), r.getString(4)));
      }
    }
    return found;
  }

  void release(Connection c, String digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM blob_quarantine WHERE digest = ?")) {
      s.setString(1, digest);
      s.executeUpdate();
    }
  }

  /** Recorded blobs in digest order, after {@code after} (all when null). */
  List<BlobRow> blobsAfter(Connection c, String after, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT digest, size FROM blob"
        + (after == null ? "" : " WHERE digest > ?") + " ORDER BY digest FETCH FIRST ? ROWS ONLY")) {
      int i = 1;
      if (after != null) {
        s.setString(i++, after);
      }
      s.setInt(i, limit);
      List<BlobRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new BlobRow(Digest.parse(r.getString(1)), r.getLong(2)));
        }
      }
      return rows;
    }
  }

  long recordedBytes(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(size), 0) FROM blob");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  boolean blobRecorded(Connection c, String digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM blob WHERE digest = ?")) {
      s.setString(1, digest);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  boolean uploadRecorded(Connection c, String id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM blob_upload WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Manifests referencing a blob that has no row: each as repository, manifest digest, blob digest. */
  List<String[]> referencesWithoutBlob(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT r.name, m.manifest_digest, m.child_digest"
        + " FROM manifest_reference m JOIN repository r ON r.id = m.repository_id"
        + " WHERE m.child_is_manifest = FALSE AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.digest = m.child_digest)"
        + " ORDER BY r.name, m.manifest_digest, m.child_digest");
        ResultSet r = s.executeQuery()) {
      List<String[]> found = new ArrayList<>();
      while (r.next()) {
        found.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
      }
      return found;
    }
  }

  /** The manifests that reference {@code digest}, and the indexes that reference those. */
  List<Dependent> dependents(Connection c, String digest) throws SQLException {
    List<Dependent> direct = referencing(c, digest, false);
    List<Dependent> all = new ArrayList<>(direct);
    for (Dependent manifest : direct) {
      for (Dependent index : referencing(c, manifest.manifest(), true)) {
        if (index.repository().equals(manifest.repository()) && !all.contains(index)) {
          all.add(index);
        }
      }
    }
    return all;
  }

  private static List<Dependent> referencing(Connection c, String child, boolean childIsManifest)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT r.name, m.manifest_digest FROM manifest_reference m"
        + " JOIN repository r ON r.id = m.repository_id WHERE m.child_digest = ? AND m.child_is_manifest = ?"
        + " ORDER BY r.name, m.manifest_digest")) {
      s.setString(1, child);
      s.setBoolean(2, childIsManifest);
      List<Dependent> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(new Dependent(r.getString(1), r.getString(2)));
        }
      }
      return found;
    }
  }

  /** DOIs minted for any of {@code manifests}; empty when the preservation tables are absent. */
  List<DependentDoi> dois(Connection c, List<Dependent> manifests) throws SQLException {
    List<DependentDoi> found = new ArrayList<>();
    for (Dependent manifest : manifests) {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT doi, repository, digest FROM doi WHERE repository = ? AND digest = ? ORDER BY doi")) {
        s.setString(1, manifest.repository());
        s.setString(2, manifest.manifest());
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(new DependentDoi(r.getString(1), r.getString(2), r.getString(3)));
          }
        }
      }
    }
    return found;
  }

  /** The digests a manifest references directly (config, layers, child manifests). */
  List<String> references(Connection c, String repository, String manifest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT m.child_digest FROM manifest_reference m"
        + " JOIN repository r ON r.id = m.repository_id WHERE r.name = ? AND m.manifest_digest = ?"
        + " ORDER BY m.child_digest")) {
      s.setString(1, repository);
      s.setString(2, manifest);
      List<String> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(r.getString(1));
        }
      }
      return found;
    }
  }

  Optional<Cursor> cursor(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT last_digest, cycle_started_at FROM fixity_cursor WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Cursor(r.getString(1), instant(r, 2))) : Optional.empty();
      }
    }
  }

  void saveCursor(Connection c, String name, Cursor cursor, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE fixity_cursor SET last_digest = ?, cycle_started_at = ?, updated_at = ? WHERE name = ?")) {
      s.setString(1, cursor.lastDigest());
      s.setObject(2, time(cursor.cycleStartedAt()));
      s.setObject(3, time(now));
      s.setString(4, name);
      if (s.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO fixity_cursor (name, last_digest, cycle_started_at, updated_at) VALUES (?, ?, ?, ?)")) {
      s.setString(1, name);
      s.setString(2, cursor.lastDigest());
      s.setObject(3, time(cursor.cycleStartedAt()));
      s.setObject(4, time(now));
      s.executeUpdate();
    }
  }

  /** Records the last check of the copy of {@code digest} at {@code location}. */
  void saveCopy(Connection c, Digest digest, String location, Outcome outcome, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE blob_copy SET checked_at = ?, outcome = ? WHERE digest = ? AND location = ?")) {
      s.setObject(1, time(at));
      s.setString(2, outcome.wireName());
      s.setString(3, digest.toString());
      s.setString(4, location);
      if (s.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO blob_copy (digest, location, checked_at, outcome) VALUES (?, ?, ?, ?)")) {
      s.setString(1, digest.toString());
      s.setString(2, location);
      s.setObject(3, time(at));
      s.setString(4, outcome.wireName());
      s.executeUpdate();
    }
  }

  Optional<Copy> copy(Connection c, String digest, String location) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT digest, location, checked_at, outcome FROM blob_copy WHERE digest = ? AND location = ?")) {
      s.setString(1, digest);
      s.setString(2, location);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Copy(r.getString(1), r.getString(2), instant(r, 3), r.getString(4)))
            : Optional.empty();
      }
    }
  }

  /** The images with a version DOI, in DOI order; empty when the preservation tables hold none. */
  List<DependentDoi> citedImages(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT doi, repository, digest FROM doi WHERE digest IS NOT NULL ORDER BY doi");
        ResultSet r = s.executeQuery()) {
      List<DependentDoi> found = new ArrayList<>();
      while (r.next()) {
        found.add(new DependentDoi(r.getString(1), r.getString(2), r.getString(3)));
      }
      return found;
    }
  }

  /** The blobs (configs and layers) of an image, through the children of an index, in digest order. */
  List<String> imageBlobs(Connection c, String repository, String manifest) throws SQLException {
    java.util.TreeSet<String> blobs = new java.util.TreeSet<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Deque<String> manifests = new java.util.ArrayDeque<>(List.of(manifest));
    while (!manifests.isEmpty()) {
      String next = manifests.poll();
      if (!seen.add(next)) {
        continue;
      }
      try (PreparedStatement s = c.prepareStatement("SELECT m.child_digest, m.child_is_manifest"
          + " FROM manifest_reference m JOIN repository r ON r.id = m.repository_id"
          + " WHERE r.name = ? AND m.manifest_digest = ?")) {
        s.setString(1, repository);
        s.setString(2, next);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            (r.getBoolean(2) ? manifests : blobs).add(r.getString(1));
          }
        }
      }
    }
    return List.copyOf(blobs);
  }

  /** The names of all repositories, for matching them against the replica's globs. */
  List<String> repositories(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT name FROM repository ORDER BY name");
        ResultSet r = s.executeQuery()) {
      List<String> found = new ArrayList<>();
      while (r.next()) {
        found.add(r.getString(1));
      }
      return found;
    }
  }

  /** The blobs linked to a repository, in digest order. */
  List<String> linkedBlobs(Connection c, String repository) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT l.digest FROM blob_link l"
        + " JOIN repository r ON r.id = l.repository_id WHERE r.name = ? ORDER BY l.digest")) {
      s.setString(1, repository);
      List<String> found = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add(r.getString(1));
        }
      }
      return found;
    }
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    return r.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static String truncate(String text) {
    return text.length() <= 1024 ? text : text.substring(0, 1021) + "...";
  }
}
