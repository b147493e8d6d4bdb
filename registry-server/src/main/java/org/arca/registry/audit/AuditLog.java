package org.arca.registry.audit;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: who pushed, deleted, changed a permission or failed to log in, when, and from where. Entries are
 * written in their own transaction, after the change they describe, and never hold secrets.
 */
@Singleton
public class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Database database;
  private final Clock clock;

  public AuditLog(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** One entry of the audit log. */
  @Serdeable
  public record Entry(long id, Instant at, String actor, String action, String target, String detail,
      String address, String outcome) {}

  public void success(String actor, String action, String target, String detail, String address) {
    record(actor, action, target, detail, address, "success");
  }

  public void failure(String actor, String action, String target, String detail, String address) {
    record(actor, action, target, detail, address, "failure");
  }

  private void record(String actor, String action, String target, String detail, String address, String outcome) {
    Instant now = clock.instant();
    try {
      database.write(c -> {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (at, actor, action, target, detail,"
            + " address, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
          s.setObject(1, now.atOffset(ZoneOffset.UTC));
          s.setString(2, truncate(actor, 130));
          s.setString(3, truncate(action, 64));
          s.setString(4, truncate(target, 512));
          s.setString(5, truncate(detail, 2048));
          s.setString(6, truncate(address, 64));
          s.setString(7, outcome);
          s.executeUpdate();
        }
        return null;
      });
    } catch (RuntimeException e) {
      // The change itself is committed; a lost audit line is logged rather than turned into a failed request.
      LOG.error("could not write the audit entry {} {} {}", actor, action, target, e);
    }
  }

  /** The newest entries first, optionally only those before {@code beforeId}, of one actor, or of one action. */
  public List<Entry> entries(Long beforeId, String actor, String action, int limit) {
    StringBuilder sql = new StringBuilder("SELECT id, at, actor, action, target, detail, address, outcome"
        + " FROM audit_event WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (beforeId != null) {
      sql.append(" AND id < ?");
      parameters.add(beforeId);
    }
    if (actor != null) {
      sql.append(" AND actor = ?");
      parameters.add(actor);
    }
    if (action != null) {
      sql.append(" AND action = ?");
      parameters.add(action);
    }
    sql.append(" ORDER BY id DESC FETCH FIRST ? ROWS ONLY");
    parameters.add(limit);
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < parameters.size(); i++) {
          s.setObject(i + 1, parameters.get(i));
        }
        List<Entry> entries = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            entries.add(new Entry(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getString(3),
                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8)));
          }
        }
        return entries;
      }
    });
  }

  private static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
