package org.arca.registry.job;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;

/** The job table in SQL; runs in the caller's transaction. */
@Singleton
public class JobStore {
  private static final String COLUMNS = "id, kind, job_key, state, attempts, created_at, updated_at, next_run_at,"
      + " last_error, result";

  /** Queued jobs whose time has come, on index {@code job_due (state, next_run_at)}. */
  static final String DUE_QUEUED = "SELECT id, next_run_at FROM job WHERE state = ? AND next_run_at <= ?";
  /** Running jobs whose lease ran out (their instance died), on index {@code job_lease (state, lease_until)}. */
  static final String DUE_LEASE_EXPIRED = "SELECT id, next_run_at FROM job WHERE state = ? AND lease_until < ?";

  public Optional<JobStatus> find(Connection c, String kind, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM job WHERE kind = ? AND job_key = ?")) {
      s.setString(1, kind);
      s.setString(2, key);
      return one(s);
    }
  }

  public Optional<String> payload(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT payload FROM job WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
      }
    }
  }

  public void insert(Connection c, String kind, String key, String payload, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO job (kind, job_key, payload, state, attempts,"
        + " next_run_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)")) {
      s.setString(1, kind);
      s.setString(2, key);
      s.setString(3, payload);
      s.setString(4, JobState.QUEUED.name());
      s.setObject(5, time(now));
      s.setObject(6, time(now));
      s.setObject(7, time(now));
      s.executeUpdate();
    }
  }

  /** Queues a finished job again, from scratch. */
  public void requeue(Connection c, long id, String payload, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE job SET state = ?, attempts = 0, payload = ?,"
        + " next_run_at = ?, lease_until = NULL, owner = NULL, last_error = NULL, result = NULL, updated_at = ?"
        + " WHERE id = ?")) {
      s.setString(1, JobState.QUEUED.name());
      s.setString(2, payload);
      s.setObject(3, time(now));
      s.setObject(4, time(now));
      s.setLong(5, id);
      s.executeUpdate();
    }
  }

  /**
   * Ids of jobs that are due: queued with their time come, or running with a lease that ran out; the earliest first.
   * Two queries, each on an index of its own ({@code job_due}, {@code job_lease}): asked as one with an {@code OR},
   * H2 walked every job of the kinds, done and failed ones too, and the runner asks after every enqueue.
   */
  public List<Long> due(Connection c, List<String> kinds, Instant now, int limit) throws SQLException {
    if (kinds.isEmpty()) {
      return List.of();
    }
    List<DueJob> due = new ArrayList<>(dueIn(c, DUE_QUEUED, JobState.QUEUED, kinds, now, limit));
    due.addAll(dueIn(c, DUE_LEASE_EXPIRED, JobState.RUNNING, kinds, now, limit));
    due.sort(Comparator.comparing(DueJob::nextRunAt).thenComparingLong(DueJob::id));
    return due.stream().limit(limit).map(DueJob::id).toList();
  }

  /** {@code query} for {@code kinds} kinds, the earliest first; parameters: state, now, the kinds, the limit. */
  static String dueSql(String query, int kinds) {
    return query + " AND kind IN (" + "?,".repeat(kinds - 1) + "?) ORDER BY next_run_at, id FETCH FIRST ? ROWS ONLY";
  }

  private record DueJob(long id, OffsetDateTime nextRunAt) {}

  private static List<DueJob> dueIn(Connection c, String query, JobState state, List<String> kinds, Instant now,
      int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(dueSql(query, kinds.size()))) {
      int i = 1;
      s.setString(i++, state.name());
      s.setObject(i++, time(now));
      for (String kind : kinds) {
        s.setString(i++, kind);
      }
      s.setInt(i, limit);
      List<DueJob> due = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          due.add(new DueJob(r.getLong(1), r.getObject(2, OffsetDateTime.class)));
        }
      }
      return due;
    }
  }

  /**
   * Claims a due job for {@code owner}; the conditional update makes exactly one of several claiming instances
   * win. Returns the claimed job, or empty when another instance was faster.
   */
  public Optional<JobStatus> claim(Connection c, long id, String owner, Instant now, Instant leaseUntil)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE job SET state = ?, owner = ?, lease_until = ?,"
        + " attempts = attempts + 1, updated_at = ? WHERE id = ? AND ((state = ? AND next_run_at <= ?)"
        + " OR (state = ? AND lease_until < ?))")) {
      s.setString(1, JobState.RUNNING.name());
      s.setString(2, owner);
      s.setObject(3, time(leaseUntil));
      s.setObject(4, time(now));
      s.setLong(5, id);
      s.setString(6, JobState.QUEUED.name());
      s.setObject(7, time(now));
      s.setString(8, JobState.RUNNING.name());
      s.setObject(9, time(now));
      if (s.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM job WHERE id = ?")) {
      s.setLong(1, id);
      return one(s);
    }
  }

  public void renew(Connection c, long id, String owner, Instant leaseUntil) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE job SET lease_until = ? WHERE id = ? AND owner = ? AND state = ?")) {
      s.setObject(1, time(leaseUntil));
      s.setLong(2, id);
      s.setString(3, owner);
      s.setString(4, JobState.RUNNING.name());
      s.executeUpdate();
    }
  }

  /** Records the outcome of an attempt, if this owner still holds the job. */
  public void finish(Connection c, long id, String owner, JobState state, Instant nextRunAt, String error,
      String result, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE job SET state = ?, next_run_at = ?, lease_until = NULL,"
        + " owner = NULL, last_error = ?, result = ?, updated_at = ? WHERE id = ? AND owner = ?")) {
      s.setString(1, state.name());
      s.setObject(2, time(nextRunAt));
      s.setString(3, error == null ? null : truncate(error));
      s.setString(4, result == null ? null : truncate(result));
      s.setObject(5, time(now));
      s.setLong(6, id);
      s.setString(7, owner);
      s.executeUpdate();
    }
  }

  public List<JobStatus> list(Connection c, String kind, JobState state, String keyPrefix, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job WHERE kind = ?");
    if (state != null) {
      sql.append(" AND state = ?");
    }
    if (keyPrefix != null) {
      sql.append(" AND job_key LIKE ? ESCAPE '!'");
    }
    sql.append(" ORDER BY updated_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      s.setString(i++, kind);
      if (state != null) {
        s.setString(i++, state.name());
      }
      if (keyPrefix != null) {
        s.setString(i++, keyPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
      }
      s.setInt(i, limit);
      List<JobStatus> jobs = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          jobs.add(status(r));
        }
      }
      return jobs;
    }
  }

  private static Optional<JobStatus> one(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? Optional.of(status(r)) : Optional.empty();
    }
  }

  private static JobStatus status(ResultSet r) throws SQLException {
    return new JobStatus(r.getLong(1), r.getString(2), r.getString(3), JobState.valueOf(r.getString(4)), r.getInt(5),
        r.getObject(6, OffsetDateTime.class).toInstant(), r.getObject(7, OffsetDateTime.class).toInstant(),
        r.getObject(8, OffsetDateTime.class).toInstant(), r.getString(9), r.getString(10));
  }

  private static String truncate(String text) {
    return text.length() <= 4096 ? text : text.substring(0, 4093) + "...";
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
