package org.arca.registry.event;

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
import org.arca.core.event.RegistryEvent;

/**
 * The event log in SQL: the {@code registry_event} rows and each consumer's {@code event_cursor}. Hand-written JDBC
 * because appending is part of every manifest PUT's transaction (the hot path). Every method runs on the connection
 * of a transaction the caller opened.
 */
@Singleton
final class EventLog {

  /** An event with its position in the log. */
  record Logged(long id, RegistryEvent event) {}

  /** A consumer's position, who holds it and why it last failed. */
  record Cursor(String consumer, long lastId, String owner, Instant leaseUntil, String lastError, Instant updatedAt) {}

  /** Appends events in order; call it last in the change's transaction, since it serialises appending writers. */
  void append(Connection c, List<RegistryEvent> events, Instant now) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM event_log_lock WHERE id = 1 FOR UPDATE")) {
      s.executeQuery().close();
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO registry_event (type, repository, payload, created_at) VALUES (?, ?, ?, ?)")) {
      for (RegistryEvent event : events) {
        s.setString(1, EventCodec.type(event));
        s.setString(2, event.repository().value());
        s.setString(3, EventCodec.write(event));
        s.setObject(4, time(now));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Up to {@code limit} events after {@code afterId}, in order. */
  List<Logged> after(Connection c, long afterId, int limit) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id, type, payload FROM registry_event WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")) {
      s.setLong(1, afterId);
      s.setInt(2, limit);
      List<Logged> events = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          events.add(new Logged(r.getLong(1), EventCodec.read(r.getString(2), r.getString(3))));
        }
      }
      return events;
    }
  }

  /** The id of the newest event, or 0 for an empty log. */
  long head(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT MAX(id) FROM registry_event");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  Optional<Cursor> cursor(Connection c, String consumer) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT consumer, last_id, owner, lease_until, last_error,"
        + " updated_at FROM event_cursor WHERE consumer = ?")) {
      s.setString(1, consumer);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(cursor(r)) : Optional.empty();
      }
    }
  }

  List<Cursor> cursors(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT consumer, last_id, owner, lease_until, last_error,"
        + " updated_at FROM event_cursor ORDER BY consumer");
        ResultSet r = s.executeQuery()) {
      List<Cursor> cursors = new ArrayList<>();
      while (r.next()) {
        cursors.add(cursor(r));
      }
      return cursors;
    }
  }

  /**
   * Creates the consumer's cursor at the log's head when it has none: a consumer that is new (or newly switched on)
   * starts with what happens from now on; the features' backfills and the search index's rebuild cover the past.
   */
  void createCursor(Connection c, String consumer, Instant now) throws SQLException {
    if (cursor(c, consumer).isPresent()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO event_cursor (consumer, last_id, updated_at) VALUES (?, ?, ?)")) {
      s.setString(1, consumer);
      s.setLong(2, head(c));
      s.setObject(3, time(now));
      s.executeUpdate();
    }
  }

  /**
   * Takes or renews the consumer's lease for {@code owner}; the conditional update lets exactly one of several
   * instances hold it, and another take over once a dead holder's lease ran out.
   */
  boolean claim(Connection c, String consumer, String owner, Instant now, Instant leaseUntil) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE event_cursor SET owner = ?, lease_until = ?"
        + " WHERE consumer = ? AND (owner IS NULL OR owner = ? OR lease_until < ?)")) {
      s.setString(1, owner);
      s.setObject(2, time(leaseUntil));
      s.setString(3, consumer);
      s.setString(4, owner);
      s.setObject(5, time(now));
      return s.executeUpdate() > 0;
    }
  }

  /** Moves the cursor past {@code lastId} and renews the lease; false when {@code owner} no longer holds it. */
  boolean advance(Connection c, String consumer, String owner, long lastId, Instant now, Instant leaseUntil)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE event_cursor SET last_id = ?, last_error = NULL,"
        + " lease_until = ?, updated_at = ? WHERE consumer = ? AND owner = ? AND last_id <= ?")) {
      s.setLong(1, lastId);
      s.setObject(2, time(leaseUntil));
      s.setObject(3, time(now));
      s.setString(4, consumer);
      s.setString(5, owner);
      s.setLong(6, lastId);
      return s.executeUpdate() > 0;
    }
  }

  /** Records why the consumer is stuck, for the status page and the operator. */
  void failed(Connection c, String consumer, String owner, String error, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE event_cursor SET last_error = ?, updated_at = ? WHERE consumer = ? AND owner = ?")) {
      s.setString(1, error.length() > 4000 ? error.substring(0, 4000) : error);
      s.setObject(2, time(now));
      s.setString(3, consumer);
      s.setString(4, owner);
      s.executeUpdate();
    }
  }

  /** Gives the lease up, so another instance need not wait for it to run out (at shutdown). */
  void release(Connection c, String consumer, String owner) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE event_cursor SET owner = NULL, lease_until = NULL WHERE consumer = ? AND owner = ?")) {
      s.setString(1, consumer);
      s.setString(2, owner);
      s.executeUpdate();
    }
  }

  private static Cursor cursor(ResultSet r) throws SQLException {
    OffsetDateTime lease = r.getObject(4, OffsetDateTime.class);
    return new Cursor(r.getString(1), r.getLong(2), r.getString(3), lease == null ? null : lease.toInstant(),
        r.getString(5), r.getObject(6, OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
