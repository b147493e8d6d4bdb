package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiRecordStore;
import org.arca.preservation.doi.DoiState;
import org.arca.preservation.doi.Withdrawal;
import org.arca.preservation.metadata.Doi;
import org.arca.registry.metadata.Database;

/**
 * The engine's {@link DoiRecordStore} over the {@code doi} table. The DataCite record is kept as the REST API's
 * attributes JSON, the same form an archive carries, so a record reads back exactly as it was sent.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class JdbcDoiRecordStore implements DoiRecordStore {
  private static final String COLUMNS = "doi, kind, repository, digest, tag, state, registered, provider, statement,"
      + " metadata, created_at, updated_at, withdrawn_reason, withdrawn_by, withdrawn_at";
  private final Database database;
  private final DataCiteJson json = new DataCiteJson();

  public JdbcDoiRecordStore(Database database) {
    this.database = database;
  }

  @Override
  public Optional<DoiRecord> find(Doi doi) {
    return database.read(c -> one(c, "SELECT " + COLUMNS + " FROM doi WHERE doi = ?", doi.toString()));
  }

  @Override
  public Optional<DoiRecord> forImage(RepositoryName repository, Digest digest) {
    return database.read(c -> one(c, "SELECT " + COLUMNS + " FROM doi WHERE repository = ? AND digest = ?"
        + " AND kind = 'VERSION'", repository.value(), digest.toString()));
  }

  @Override
  public Optional<DoiRecord> concept(RepositoryName repository) {
    return database.read(c -> one(c, "SELECT " + COLUMNS + " FROM doi WHERE repository = ? AND kind = 'CONCEPT'",
        repository.value()));
  }

  @Override
  public List<DoiRecord> versions(RepositoryName repository) {
    return database.read(c -> list(c, "SELECT " + COLUMNS + " FROM doi WHERE repository = ? AND kind = 'VERSION'"
        + " ORDER BY created_at, doi", repository.value()));
  }

  /** Version DOIs in {@code state} (any state when null), oldest first: a curator's queue of drafts, say. */
  public List<DoiRecord> list(DoiState state, int limit) {
    return database.read(c -> state == null
        ? list(c, "SELECT " + COLUMNS + " FROM doi WHERE kind = 'VERSION' ORDER BY created_at, doi FETCH FIRST "
            + limit + " ROWS ONLY")
        : list(c, "SELECT " + COLUMNS + " FROM doi WHERE kind = 'VERSION' AND state = ? ORDER BY created_at, doi"
            + " FETCH FIRST " + limit + " ROWS ONLY", state.name()));
  }

  /** Every version DOI: what pins content and what is withdrawn. Archives hold thousands, not millions. */
  public List<DoiRecord> allVersions() {
    return database.read(c -> list(c, "SELECT " + COLUMNS + " FROM doi WHERE kind = 'VERSION' ORDER BY doi"));
  }

  /** The version DOIs a curator withdrew. */
  public List<DoiRecord> withdrawn() {
    return database.read(c -> list(c, "SELECT " + COLUMNS + " FROM doi WHERE kind = 'VERSION'"
        + " AND withdrawn_reason IS NOT NULL ORDER BY doi"));
  }

  @Override
  public void save(DoiRecord record) {
    database.write(c -> {
      boolean exists;
      try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM doi WHERE doi = ?")) {
        s.setString(1, record.doi().toString());
        try (ResultSet r = s.executeQuery()) {
          exists = r.next();
        }
      }
      String sql = exists
          ? "UPDATE doi SET kind = ?, repository = ?, digest = ?, state = ?, registered = ?, provider = ?,"
              + " statement = ?, metadata = ?, created_at = ?, updated_at = ?, withdrawn_reason = ?,"
              + " withdrawn_by = ?, withdrawn_at = ?, tag = ? WHERE doi = ?"
          : "INSERT INTO doi (kind, repository, digest, state, registered, provider, statement, metadata,"
              + " created_at, updated_at, withdrawn_reason, withdrawn_by, withdrawn_at, tag, doi)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement s = c.prepareStatement(sql)) {
        Withdrawal w = record.withdrawal();
        s.setString(1, record.kind().name());
        s.setString(2, record.repository().value());
        s.setString(3, record.digest() == null ? null : record.digest().toString());
        s.setString(4, record.state().name());
        s.setBoolean(5, record.registered());
        s.setString(6, record.provider());
        s.setString(7, record.statement());
        s.setString(8, new String(OciJson.bytes(json.attributes(record.metadata())), StandardCharsets.UTF_8));
        s.setObject(9, time(record.created()));
        s.setObject(10, time(record.updated()));
        s.setString(11, w == null ? null : w.reason());
        s.setString(12, w == null ? null : w.by());
        s.setObject(13, w == null ? null : time(w.at()));
        s.setString(14, record.tag());
        s.setString(15, record.doi().toString());
        s.executeUpdate();
      }
      return null;
    });
  }

  private Optional<DoiRecord> one(Connection c, String sql, String... parameters) throws SQLException {
    List<DoiRecord> found = list(c, sql, parameters);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  private List<DoiRecord> list(Connection c, String sql, String... parameters) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      List<DoiRecord> records = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          records.add(record(r));
        }
      }
      return records;
    }
  }

  private DoiRecord record(ResultSet r) throws SQLException {
    String digest = r.getString("digest");
    String reason = r.getString("withdrawn_reason");
    Withdrawal withdrawal = reason == null ? null
        : new Withdrawal(reason, r.getString("withdrawn_by"), instant(r, "withdrawn_at"));
    return new DoiRecord(Doi.parse(r.getString("doi")), DoiRecord.Kind.valueOf(r.getString("kind")),
        RepositoryName.parse(r.getString("repository")), digest == null ? null : Digest.parse(digest),
        r.getString("tag"), DoiState.valueOf(r.getString("state")), r.getBoolean("registered"), r.getString("provider"),
        r.getString("statement"), json.read(metadata(r.getString("metadata"))), instant(r, "created_at"),
        instant(r, "updated_at"), withdrawal);
  }

  private static JsonNode metadata(String text) {
    try {
      return OciJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored DataCite record is not JSON", e);
    }
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    OffsetDateTime time = r.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
