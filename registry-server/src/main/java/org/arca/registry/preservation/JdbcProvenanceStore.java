package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.preservation.provenance.ProvenanceStore;
import org.arca.registry.metadata.Database;

/**
 * The engine's {@link ProvenanceStore} over the {@code provenance_record} table. Each edge has one row, keyed by a
 * hash of what makes it the same edge ({@link ProvenanceRecord#sameEdge}); a race between two recorders of the same
 * edge ends in a unique-key conflict, after which {@link Database#write} runs the insert again and finds the row.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class JdbcProvenanceStore implements ProvenanceStore {
  private static final String COLUMNS =
      "repository, subject, relation, source, source_name, origin, evidence, recorded_at";
  private final Database database;

  public JdbcProvenanceStore(Database database) {
    this.database = database;
  }

  @Override
  public void record(ProvenanceRecord record) {
    database.write(c -> {
      if (!exists(c, record)) {
        insert(c, record);
      }
      return null;
    });
  }

  /**
   * Stores a record exactly as an archive carries it (its time and evidence), replacing what was derived from the
   * same edge when the imported content was pushed moments before.
   */
  public void restore(ProvenanceRecord record) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM provenance_record WHERE edge_key = ?")) {
        s.setString(1, edgeKey(record));
        s.executeUpdate();
      }
      insert(c, record);
      return null;
    });
  }

  @Override
  public List<ProvenanceRecord> sourcesOf(Digest digest) {
    return database.read(c -> query(c, "SELECT " + COLUMNS + " FROM provenance_record WHERE subject = ?"
        + " ORDER BY recorded_at, edge_key", digest));
  }

  @Override
  public List<ProvenanceRecord> derivativesOf(Digest digest) {
    return database.read(c -> query(c, "SELECT " + COLUMNS + " FROM provenance_record WHERE source = ?"
        + " ORDER BY recorded_at, edge_key", digest));
  }

  @Override
  public void forget(RepositoryName repository, Digest subject) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM provenance_record WHERE repository = ?"
          + " AND subject = ?")) {
        s.setString(1, repository.value());
        s.setString(2, subject.toString());
        return s.executeUpdate();
      }
    });
  }

  /**
   * Drops the records whose subject is no manifest of their repository (left by deletes from before deletes dropped
   * them, or whose event was never delivered) and that are older than {@code before}, so that a record of a push
   * still committing is kept; returns how many went, or, with {@code dryRun}, would go.
   */
  public int forgetOrphans(Instant before, boolean dryRun) {
    String orphans = " FROM provenance_record p WHERE p.recorded_at < ? AND NOT EXISTS (SELECT 1 FROM manifest m"
        + " JOIN repository r ON r.id = m.repository_id WHERE r.name = p.repository AND m.digest = p.subject)";
    return dryRun
        ? database.read(c -> count(c, "SELECT COUNT(*)" + orphans, before))
        : database.write(c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE" + orphans)) {
            s.setObject(1, before.atOffset(ZoneOffset.UTC));
            return s.executeUpdate();
          }
        });
  }

  private static int count(Connection c, String sql, Instant before) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setObject(1, before.atOffset(ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static boolean exists(Connection c, ProvenanceRecord record) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM provenance_record WHERE edge_key = ?")) {
      s.setString(1, edgeKey(record));
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  private static void insert(Connection c, ProvenanceRecord record) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO provenance_record (edge_key, " + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, edgeKey(record));
      s.setString(2, record.repository().value());
      s.setString(3, record.subject().toString());
      s.setString(4, record.relation().name());
      s.setString(5, record.source() == null ? null : record.source().toString());
      s.setString(6, record.sourceName());
      s.setString(7, record.origin().name());
      s.setString(8, record.evidence() == null ? null : record.evidence().toString());
      s.setObject(9, record.recordedAt().atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
  }

  private static List<ProvenanceRecord> query(Connection c, String sql, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, digest.toString());
      List<ProvenanceRecord> records = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String source = r.getString("source");
          String evidence = r.getString("evidence");
          records.add(new ProvenanceRecord(RepositoryName.parse(r.getString("repository")),
              Digest.parse(r.getString("subject")), ProvenanceRecord.Relation.valueOf(r.getString("relation")),
              source == null ? null : Digest.parse(source), r.getString("source_name"),
              ProvenanceRecord.Origin.valueOf(r.getString("origin")),
              evidence == null ? null : Digest.parse(evidence),
              r.getObject("recorded_at", OffsetDateTime.class).toInstant()));
        }
      }
      return records;
    }
  }

  /** The identity of an edge, hashed: the fields {@link ProvenanceRecord#sameEdge} compares, unit-separated. */
  static String edgeKey(ProvenanceRecord r) {
    String identity = String.join("\u001f", r.repository().value(), r.subject().toString(), r.relation().name(),
        r.source() == null ? "" : r.source().toString(), r.sourceName() == null ? "" : r.sourceName());
    return Digest.sha256(identity.getBytes(StandardCharsets.UTF_8)).hex();
  }
}
