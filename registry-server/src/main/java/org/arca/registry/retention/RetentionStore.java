package org.arca.registry.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.Glob;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.retention.PlanItem;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.RetentionPolicy;
import org.arca.preservation.retention.Rule;
import org.arca.registry.metadata.Database;

/**
 * The retention tables: policies, legal holds, saved plans with their items and outcomes. Plain JDBC through
 * {@link Database}, as the other stores of the registry, so the same statements run on H2 and PostgreSQL.
 */
@Singleton
public class RetentionStore {
  private final Database database;

  public RetentionStore(Database database) {
    this.database = database;
  }

  /** A legal hold: on a repository ({@code reference} null), a tag, or a manifest digest. */
  public record Hold(long id, RepositoryName repository, String reference, String reason, String createdBy,
      Instant createdAt) {}

  /**
   * A saved plan; {@code state} is planned, executed or (an older plan superseded) discarded. {@code policyId} names
   * the policy whose schedule made it (null: a curator asked, and it covers every policy).
   */
  public record Plan(String id, String state, String createdBy, Instant createdAt, String executedBy,
      Instant executedAt, Long policyId) {}

  /**
   * When a policy plans by itself ({@code schedule} null: only when asked), whether its plans are executed without
   * a curator's approval, and when its schedule last started a run (null: never; the schedule counts from
   * {@code createdAt}).
   */
  public record PolicySchedule(long policyId, String schedule, boolean autoApprove, Instant lastScheduledAt,
      Instant createdAt) {}

  /** A plan's item with what executing it did ({@code outcome} null until then: removed, skipped or failed). */
  public record StoredItem(int position, PlanItem item, String outcome, String outcomeDetail) {}

  // ---- policies

  public RetentionPolicy addPolicy(Glob pattern, List<Rule> rules, String actor, Instant now) {
    return addPolicy(pattern, rules, null, false, actor, now);
  }

  /** A policy that also plans by itself on {@code schedule} (checked by the caller; null: only when asked). */
  public RetentionPolicy addPolicy(Glob pattern, List<Rule> rules, String schedule, boolean autoApprove,
      String actor, Instant now) {
    ArrayNode json = OciJson.MAPPER.createArrayNode();
    rules.forEach(rule -> json.add(rule.toJson()));
    long id = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_policy (pattern, rules, created_by,"
          + " created_at, schedule, auto_approve) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        s.setString(1, pattern.pattern());
        s.setString(2, json.toString());
        s.setString(3, actor);
        s.setObject(4, now.atOffset(ZoneOffset.UTC));
        s.setString(5, schedule);
        s.setBoolean(6, autoApprove);
        s.executeUpdate();
        return generatedId(s);
      }
    });
    return new RetentionPolicy(id, pattern, rules);
  }

  public List<RetentionPolicy> policies() {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, pattern, rules FROM retention_policy ORDER BY id");
          ResultSet r = s.executeQuery()) {
        List<RetentionPolicy> policies = new ArrayList<>();
        while (r.next()) {
          List<Rule> rules = new ArrayList<>();
          readJson(r.getString(3)).forEach(node -> rules.add(Rule.parse(node)));
          policies.add(new RetentionPolicy(r.getLong(1), new Glob(r.getString(2)), rules));
        }
        return policies;
      }
    });
  }

  /** The schedule of every policy, by policy id; policies without one are there too, with a null schedule. */
  public Map<Long, PolicySchedule> schedules() {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, schedule, auto_approve, last_scheduled_at,"
          + " created_at FROM retention_policy ORDER BY id"); ResultSet r = s.executeQuery()) {
        Map<Long, PolicySchedule> schedules = new LinkedHashMap<>();
        while (r.next()) {
          schedules.put(r.getLong(1), new PolicySchedule(r.getLong(1), r.getString(2), r.getBoolean(3),
              instant(r, 4), instant(r, 5)));
        }
        return schedules;
      }
    });
  }

  /**
   * Takes a policy's due scheduled run: moves its last run from {@code previous} (as the caller read it) to
   * {@code now}. False when another instance took it first, or the policy is gone, so that one run starts.
   */
  public boolean claimScheduledRun(long policyId, Instant previous, Instant now) {
    return database.write(c -> {
      try (PreparedStatement s = c.prepareStatement(previous == null
          ? "UPDATE retention_policy SET last_scheduled_at = ? WHERE id = ? AND last_scheduled_at IS NULL"
          : "UPDATE retention_policy SET last_scheduled_at = ? WHERE id = ? AND last_scheduled_at = ?")) {
        s.setObject(1, now.atOffset(ZoneOffset.UTC));
        s.setLong(2, policyId);
        if (previous != null) {
          s.setObject(3, previous.atOffset(ZoneOffset.UTC));
        }
        return s.executeUpdate() == 1;
      }
    });
  }

  public boolean deletePolicy(long id) {
    return database.write(c -> update(c, "DELETE FROM retention_policy WHERE id = ?", id) > 0);
  }

  // ---- holds

  public Hold addHold(RepositoryName repository, String reference, String reason, String actor, Instant now) {
    long id = database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_hold (repository, reference, reason,"
          + " created_by, created_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        s.setString(1, repository.value());
        s.setString(2, reference);
        s.setString(3, reason);
        s.setString(4, actor);
        s.setObject(5, now.atOffset(ZoneOffset.UTC));
        s.executeUpdate();
        return generatedId(s);
      }
    });
    return new Hold(id, repository, reference, reason, actor, now);
  }

  public List<Hold> holds() {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, repository, reference, reason, created_by,"
          + " created_at FROM retention_hold ORDER BY id"); ResultSet r = s.executeQuery()) {
        List<Hold> holds = new ArrayList<>();
        while (r.next()) {
          holds.add(new Hold(r.getLong(1), RepositoryName.parse(r.getString(2)), r.getString(3), r.getString(4),
              r.getString(5), instant(r, 6)));
        }
        return holds;
      }
    });
  }

  public boolean deleteHold(long id) {
    return database.write(c -> update(c, "DELETE FROM retention_hold WHERE id = ?", id) > 0);
  }

  // ---- plans

  /** Saves a plan and all its items in one transaction. */
  public Plan savePlan(String id, List<PlanItem> items, String actor, Instant now) {
    return savePlan(id, items, actor, now, null);
  }

  /** Saves a plan that the schedule of {@code policyId} made (null: a curator asked). */
  public Plan savePlan(String id, List<PlanItem> items, String actor, Instant now, Long policyId) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_plan (id, state, created_by, created_at,"
          + " policy_id) VALUES (?, 'planned', ?, ?, ?)")) {
        s.setString(1, id);
        s.setString(2, actor);
        s.setObject(3, now.atOffset(ZoneOffset.UTC));
        s.setObject(4, policyId, Types.BIGINT);
        s.executeUpdate();
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO retention_plan_item (plan_id, position, action,"
          + " repository, tag, digest, rule, reason, bytes, observed_pulled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        int position = 0;
        for (PlanItem item : items) {
          s.setString(1, id);
          s.setInt(2, position++);
          s.setString(3, item.action().name().toLowerCase(java.util.Locale.ROOT));
          s.setString(4, item.repository().value());
          s.setString(5, item.tag());
          s.setString(6, item.digest().toString());
          s.setString(7, item.rule());
          s.setString(8, truncate(item.reason(), 2048));
          s.setLong(9, item.bytes());
          if (item.observedPulledAt() == null) {
            s.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
          } else {
            s.setObject(10, item.observedPulledAt().atOffset(ZoneOffset.UTC));
          }
          s.addBatch();
          if (position % 1000 == 0) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      return null;
    });
    return new Plan(id, "planned", actor, now, null, null, policyId);
  }

  public Optional<Plan> plan(String id) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, state, created_by, created_at, executed_by,"
          + " executed_at, policy_id FROM retention_plan WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          return r.next() ? Optional.of(plan(r)) : Optional.<Plan>empty();
        }
      }
    });
  }

  /** The newest plans first. */
  public List<Plan> plans(int limit) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT id, state, created_by, created_at, executed_by,"
          + " executed_at, policy_id FROM retention_plan ORDER BY created_at DESC, id DESC FETCH FIRST ? ROWS ONLY")) {
        s.setInt(1, limit);
        List<Plan> plans = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            plans.add(plan(r));
          }
        }
        return plans;
      }
    });
  }

  public List<StoredItem> items(String planId) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT position, action, repository, tag, digest, rule, reason,"
          + " bytes, observed_pulled_at, outcome, outcome_detail FROM retention_plan_item WHERE plan_id = ?"
          + " ORDER BY position")) {
        s.setString(1, planId);
        List<StoredItem> items = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            PlanItem item = new PlanItem(Action.valueOf(r.getString(2).toUpperCase(java.util.Locale.ROOT)),
                RepositoryName.parse(r.getString(3)), r.getString(4), Digest.parse(r.getString(5)), r.getString(6),
                r.getString(7), r.getLong(8), instant(r, 9));
            items.add(new StoredItem(r.getInt(1), item, r.getString(10), r.getString(11)));
          }
        }
        return items;
      }
    });
  }

  /**
   * Moves a plan from planned to executed; false when it was not planned any more (another curator, or another
   * instance, approved it first), so that a plan runs once.
   */
  public boolean claimExecution(String planId, String actor, Instant now) {
    return database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE retention_plan SET state = 'executed', executed_by = ?,"
          + " executed_at = ? WHERE id = ? AND state = 'planned'")) {
        s.setString(1, actor);
        s.setObject(2, now.atOffset(ZoneOffset.UTC));
        s.setString(3, planId);
        return s.executeUpdate() == 1;
      }
    });
  }

  public void recordOutcome(String planId, int position, String outcome, String detail) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE retention_plan_item SET outcome = ?, outcome_detail = ?"
          + " WHERE plan_id = ? AND position = ?")) {
        s.setString(1, outcome);
        s.setString(2, truncate(detail, 2048));
        s.setString(3, planId);
        s.setInt(4, position);
        return s.executeUpdate();
      }
    });
  }

  private static Plan plan(ResultSet r) throws SQLException {
    return new Plan(r.getString(1), r.getString(2), r.getString(3), instant(r, 4), r.getString(5), instant(r, 6),
        r.getObject(7) == null ? null : r.getLong(7));
  }

  static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime time = r.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static int update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, id);
      return s.executeUpdate();
    }
  }

  static long generatedId(PreparedStatement s) throws SQLException {
    try (ResultSet keys = s.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return OciJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String truncate(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
