package org.arca.registry.gc;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobState;

/**
 * The garbage collector's SQL: the mark queries (what nothing references), the per-blob sweep with its re-checks,
 * and the run history. Plain JDBC, portable between H2 and PostgreSQL; the mark is one query each, not a walk.
 */
@Singleton
class GcStore {

  /** A link of a blob to a repository. */
  record Link(long repositoryId, Digest digest) {}

  /** A blob row: its digest and size. */
  record Blob(Digest digest, long size) {}

  // ---- mark

  /** Links older than {@code cutoff} to blobs that no manifest of their repository references. */
  List<Link> unreferencedLinks(Connection c, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT l.repository_id, l.digest FROM blob_link l"
        + " WHERE l.linked_at < ? AND NOT EXISTS (SELECT 1 FROM manifest_reference r"
        + " WHERE r.repository_id = l.repository_id AND r.child_digest = l.digest)")) {
      s.setObject(1, time(cutoff));
      List<Link> links = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          links.add(new Link(r.getLong(1), Digest.parse(r.getString(2))));
        }
      }
      return links;
    }
  }

  /** Blobs older than {@code cutoff} that no repository links and no manifest (in any repository) references. */
  List<Blob> unreferencedBlobs(Connection c, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT b.digest, b.size FROM blob b WHERE b.created_at < ?"
        + " AND NOT EXISTS (SELECT 1 FROM blob_link l WHERE l.digest = b.digest)"
        + " AND NOT EXISTS (SELECT 1 FROM manifest_reference r WHERE r.child_digest = b.digest)")) {
      s.setObject(1, time(cutoff));
      List<Blob> blobs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          blobs.add(new Blob(Digest.parse(r.getString(1)), r.getLong(2)));
        }
      }
      return blobs;
    }
  }

  /** A blob a run would collect, and whether it does so only after removing its links. */
  record Collectable(Digest digest, long size, boolean linked) {}

  /**
   * The blobs a run would collect, in one query: older than {@code cutoff}, referenced by no manifest in any
   * repository, and linked nowhere since {@code cutoff} (a run first removes the older links, since no manifest of
   * their repository references the blob either). The dry run's count; it replaces a read per blob that loses its
   * last link.
   */
  List<Collectable> collectableBlobs(Connection c, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT b.digest, b.size,"
        + " EXISTS (SELECT 1 FROM blob_link l WHERE l.digest = b.digest) FROM blob b WHERE b.created_at < ?"
        + " AND NOT EXISTS (SELECT 1 FROM manifest_reference r WHERE r.child_digest = b.digest)"
        + " AND NOT EXISTS (SELECT 1 FROM blob_link l WHERE l.digest = b.digest AND l.linked_at >= ?)")) {
      s.setObject(1, time(cutoff));
      s.setObject(2, time(cutoff));
      List<Collectable> blobs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          blobs.add(new Collectable(Digest.parse(r.getString(1)), r.getLong(2), r.getBoolean(3)));
        }
      }
      return blobs;
    }
  }

  /** Those of {@code digests} that have a blob row. */
  Set<Digest> recorded(Connection c, Collection<Digest> digests) throws SQLException {
    Set<Digest> found = new HashSet<>();
    List<Digest> all = List.copyOf(digests);
    for (int from = 0; from < all.size(); from += 500) {
      List<Digest> batch = all.subList(from, Math.min(all.size(), from + 500));
      try (PreparedStatement s = c.prepareStatement("SELECT digest FROM blob WHERE digest IN ("
          + "?,".repeat(batch.size() - 1) + "?)")) {
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 1, batch.get(i).toString());
        }
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            found.add(Digest.parse(r.getString(1)));
          }
        }
      }
    }
    return found;
  }

  // ---- sweep

  /**
   * Deletes those of the repository's links to {@code digests} that, with their rows locked, are still older than
   * {@code cutoff} and still referenced by no manifest of the repository; returns how many. The rows are locked in
   * digest order, as a manifest put locks the links it references ({@code MetadataStore.lockLinks}), so the two
   * cannot both commit and cannot deadlock. A statement of each kind per repository, not three per link.
   */
  long unlinkIfUnreferenced(Connection c, long repositoryId, Collection<Digest> digests, Instant cutoff)
      throws SQLException {
    if (digests.isEmpty()) {
      return 0;
    }
    Set<Digest> old = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT digest, linked_at FROM blob_link WHERE repository_id = ?"
        + " AND digest IN (" + parameters(digests.size()) + ") ORDER BY 1 FOR UPDATE")) {
      s.setLong(1, repositoryId);
      setDigests(s, 2, digests);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (r.getObject(2, OffsetDateTime.class).toInstant().isBefore(cutoff)) {
            old.add(Digest.parse(r.getString(1)));
          }
        }
      }
    }
    if (!old.isEmpty()) {
      try (PreparedStatement s = c.prepareStatement("SELECT child_digest FROM manifest_reference"
          + " WHERE repository_id = ? AND child_digest IN (" + parameters(old.size()) + ")")) {
        s.setLong(1, repositoryId);
        setDigests(s, 2, old);
        old.removeAll(digests(s));
      }
    }
    if (old.isEmpty()) {
      return 0;
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM blob_link WHERE repository_id = ? AND digest IN ("
        + parameters(old.size()) + ")")) {
      s.setLong(1, repositoryId);
      setDigests(s, 2, old);
      return s.executeUpdate();
    }
  }

  /**
   * Deletes the rows of those of {@code digests} that, with their rows locked, are still older than {@code cutoff},
   * linked nowhere and referenced by no manifest, and marks their bytes as being deleted. Returns the size of each
   * deleted. The rows are locked in digest order, as pushes lock them; an upload committing one of the digests waits
   * for the lock and then sees the mark. A statement of each kind per batch, not five per blob.
   */
  Map<Digest, Long> deleteRowsIfUnreferenced(Connection c, Collection<Digest> digests, Instant cutoff, long runId,
      Instant now) throws SQLException {
    Map<Digest, Long> sizes = new HashMap<>();
    if (digests.isEmpty()) {
      return sizes;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT digest, size, created_at FROM blob WHERE digest IN ("
        + parameters(digests.size()) + ") ORDER BY 1 FOR UPDATE")) {
      setDigests(s, 1, digests);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (r.getObject(3, OffsetDateTime.class).toInstant().isBefore(cutoff)) {
            sizes.put(Digest.parse(r.getString(1)), r.getLong(2));
          }
        }
      }
    }
    if (!sizes.isEmpty()) {
      sizes.keySet().removeAll(digestsIn(c, "SELECT digest FROM blob_link WHERE digest IN", sizes.keySet()));
    }
    if (!sizes.isEmpty()) {
      sizes.keySet().removeAll(digestsIn(c, "SELECT child_digest FROM manifest_reference WHERE child_digest IN",
          sizes.keySet()));
    }
    if (sizes.isEmpty()) {
      return sizes;
    }
    updateIn(c, "DELETE FROM blob WHERE digest IN", sizes.keySet());
    markSweeping(c, sizes.keySet(), runId, now);
    return sizes;
  }

  /**
   * Marks the bytes of a blob that has no row as being deleted, unless a row appeared. Inserting a row and removing
   * it again in the same transaction takes the digest's key: a commit inserting it concurrently either went first
   * (and the insert here fails, so the work runs again and sees its row) or waits, and then sees the mark.
   */
  boolean markFileWithoutRow(Connection c, Digest digest, long runId, Instant now) throws SQLException {
    if (exists(c, "SELECT 1 FROM blob WHERE digest = ?", digest)) {
      return false;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO blob (digest, size, created_at) VALUES (?, 0, ?)")) {
      s.setString(1, digest.toString());
      s.setObject(2, time(now));
      s.executeUpdate();
    }
    update(c, "DELETE FROM blob WHERE digest = ?", digest);
    markSweeping(c, List.of(digest), runId, now);
    return true;
  }

  private void markSweeping(Connection c, Collection<Digest> digests, long runId, Instant now) throws SQLException {
    Set<Digest> unmarked = new HashSet<>(digests);
    // marks left by a run that died before deleting the bytes stay as they are
    unmarked.removeAll(digestsIn(c, "SELECT digest FROM gc_sweep WHERE digest IN", unmarked));
    if (unmarked.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO gc_sweep (digest, run_id, marked_at) VALUES (?, ?, ?)")) {
      for (Digest digest : unmarked) {
        s.setString(1, digest.toString());
        s.setLong(2, runId);
        s.setObject(3, time(now));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Ends the marks once the bytes are deleted. */
  void unmarkSweeping(Connection c, Collection<Digest> digests) throws SQLException {
    if (!digests.isEmpty()) {
      updateIn(c, "DELETE FROM gc_sweep WHERE digest IN", digests);
    }
  }

  /** Blobs whose rows are deleted but whose bytes may not be: the unfinished work of runs that died. */
  List<Digest> sweeping(Connection c) throws SQLException {
    List<Digest> digests = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT digest FROM gc_sweep");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        digests.add(Digest.parse(r.getString(1)));
      }
    }
    return digests;
  }

  // ---- jobs of images that are gone

  /** A job row: its id and key. */
  record Job(long id, String key) {}

  /** Jobs of {@code kind} not running and untouched since {@code cutoff}. */
  List<Job> idleJobs(Connection c, String kind, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, job_key FROM job WHERE kind = ? AND state <> ?"
        + " AND updated_at < ?")) {
      s.setString(1, kind);
      s.setString(2, JobState.RUNNING.name());
      s.setObject(3, time(cutoff));
      List<Job> jobs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          jobs.add(new Job(r.getLong(1), r.getString(2)));
        }
      }
      return jobs;
    }
  }

  /** Whether a repository of that name holds the manifest. */
  boolean holdsManifest(Connection c, JobHandler.Subject subject) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM manifest m JOIN repository r"
        + " ON r.id = m.repository_id WHERE r.name = ? AND m.digest = ?")) {
      s.setString(1, subject.repository().value());
      s.setString(2, subject.digest().toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Deletes the job if it is still not running and untouched since {@code cutoff}. */
  boolean deleteIdleJob(Connection c, long id, Instant cutoff) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM job WHERE id = ? AND state <> ? AND updated_at < ?")) {
      s.setLong(1, id);
      s.setString(2, JobState.RUNNING.name());
      s.setObject(3, time(cutoff));
      return s.executeUpdate() > 0;
    }
  }

  // ---- lease

  /** Takes or renews the lease for {@code owner} until {@code until}; false while another owner holds it. */
  boolean lease(Connection c, String owner, Instant now, Instant until) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE gc_lease SET owner = ?, lease_until = ? WHERE id = 1"
        + " AND (owner IS NULL OR owner = ? OR lease_until < ?)")) {
      s.setString(1, owner);
      s.setObject(2, time(until));
      s.setString(3, owner);
      s.setObject(4, time(now));
      return s.executeUpdate() == 1;
    }
  }

  void release(Connection c, String owner) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE gc_lease SET owner = NULL, lease_until = NULL"
        + " WHERE id = 1 AND owner = ?")) {
      s.setString(1, owner);
      s.executeUpdate();
    }
  }

  // ---- runs

  long insertRun(Connection c, boolean dryRun, String requestedBy, long graceSeconds, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO gc_run (dry_run, state, requested_by,"
        + " grace_period_seconds, created_at, blobs_deleted, bytes_reclaimed, links_removed, uploads_purged,"
        + " files_without_row, blobs_pinned, provenance_removed, jobs_removed) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0,"
        + " 0, 0)",
        Statement.RETURN_GENERATED_KEYS)) {
      s.setBoolean(1, dryRun);
      s.setString(2, GcRun.QUEUED);
      s.setString(3, requestedBy);
      s.setLong(4, graceSeconds);
      s.setObject(5, time(now));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  void started(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE gc_run SET state = ?, started_at = ?, error = NULL"
        + " WHERE id = ?")) {
      s.setString(1, GcRun.RUNNING);
      s.setObject(2, time(now));
      s.setLong(3, id);
      s.executeUpdate();
    }
  }

  /** Records the tallies so far; with a final state, the run's end. */
  void record(Connection c, long id, GcRun.Tally tally, String state, String error, Instant finishedAt)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE gc_run SET blobs_deleted = ?, bytes_reclaimed = ?,"
        + " links_removed = ?, uploads_purged = ?, files_without_row = ?, blobs_pinned = ?,"
        + " provenance_removed = ?, jobs_removed = ?, state = ?, error = ?, finished_at = ? WHERE id = ?")) {
      s.setLong(1, tally.blobsDeleted());
      s.setLong(2, tally.bytesReclaimed());
      s.setLong(3, tally.linksRemoved());
      s.setLong(4, tally.uploadsPurged());
      s.setLong(5, tally.filesWithoutRow());
      s.setLong(6, tally.blobsPinned());
      s.setLong(7, tally.provenanceRemoved());
      s.setLong(8, tally.jobsRemoved());
      s.setString(9, state);
      s.setString(10, error);
      s.setObject(11, finishedAt == null ? null : time(finishedAt));
      s.setLong(12, id);
      s.executeUpdate();
    }
  }

  Optional<GcRun> run(Connection c, long id) throws SQLException {
    List<GcRun> runs = runs(c, "WHERE id = ?", id, 1);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  /** The run that is queued or running, if any. */
  Optional<GcRun> activeRun(Connection c) throws SQLException {
    List<GcRun> runs = runs(c, "WHERE state IN ('" + GcRun.QUEUED + "', '" + GcRun.RUNNING + "')", null, 1);
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  /** The newest runs first; with {@code before}, those older than that run. */
  List<GcRun> runs(Connection c, Long before, int limit) throws SQLException {
    return runs(c, before == null ? "" : "WHERE id < ?", before, limit);
  }

  private List<GcRun> runs(Connection c, String where, Long parameter, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, dry_run, state, requested_by, grace_period_seconds,"
        + " created_at, started_at, finished_at, blobs_deleted, bytes_reclaimed, links_removed, uploads_purged,"
        + " files_without_row, blobs_pinned, provenance_removed, jobs_removed, error FROM gc_run " + where + " ORDER BY id DESC")) {
      if (parameter != null) {
        s.setLong(1, parameter);
      }
      s.setMaxRows(limit);
      List<GcRun> runs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          runs.add(new GcRun(r.getLong(1), r.getBoolean(2), r.getString(3), r.getString(4), r.getLong(5),
              instant(r, 6), instant(r, 7), instant(r, 8), r.getLong(9), r.getLong(10), r.getLong(11),
              r.getLong(12), r.getLong(13), r.getLong(14), r.getLong(15), r.getLong(16), r.getString(17)));
        }
      }
      return runs;
    }
  }

  /** When the newest run (other than dry runs) was created, for the schedule. */
  Optional<Instant> lastRunCreated(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(created_at) FROM gc_run WHERE dry_run = FALSE");
        ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.ofNullable(instant(r, 1)) : Optional.empty();
    }
  }

  // ---- helpers

  private static boolean exists(Connection c, String sql, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static String parameters(int count) {
    return "?,".repeat(count - 1) + "?";
  }

  private static void setDigests(PreparedStatement s, int first, Collection<Digest> digests) throws SQLException {
    int i = first;
    for (Digest digest : digests) {
      s.setString(i++, digest.toString());
    }
  }

  private static Set<Digest> digests(PreparedStatement s) throws SQLException {
    Set<Digest> found = new HashSet<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        found.add(Digest.parse(r.getString(1)));
      }
    }
    return found;
  }

  /** Runs {@code select} ({@code ... IN}) over a non-empty set of digests; the digests of the rows it finds. */
  private static Set<Digest> digestsIn(Connection c, String select, Collection<Digest> digests) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(select + " (" + parameters(digests.size()) + ")")) {
      setDigests(s, 1, digests);
      return digests(s);
    }
  }

  private static void updateIn(Connection c, String sql, Collection<Digest> digests) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql + " (" + parameters(digests.size()) + ")")) {
      setDigests(s, 1, digests);
      s.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, digest.toString());
      s.executeUpdate();
    }
  }

  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime time = r.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
