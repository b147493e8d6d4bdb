package org.arca.registry.web;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** The {@code web_session} table: plain JDBC, the same SQL on H2 and PostgreSQL. */
@Singleton
class WebSessionStore {

  /** A stored session: whose it is, the account's credentials version when it began, and its form token. */
  record Row(String account, int credentialsVersion, String formToken) {}

  void insert(Connection c, String idHash, long accountId, int credentialsVersion, String formToken, Instant now,
      Instant expiresAt) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO web_session (id_hash, account_id, credentials_version,"
        + " form_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, idHash);
      s.setLong(2, accountId);
      s.setInt(3, credentialsVersion);
      s.setString(4, formToken);
      s.setObject(5, now.atOffset(ZoneOffset.UTC));
      s.setObject(6, expiresAt.atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
  }

  Optional<Row> find(Connection c, String idHash, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.name, s.credentials_version, s.form_token"
        + " FROM web_session s JOIN account a ON a.id = s.account_id WHERE s.id_hash = ? AND s.expires_at > ?")) {
      s.setString(1, idHash);
      s.setObject(2, now.atOffset(ZoneOffset.UTC));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Row(r.getString(1), r.getInt(2), r.getString(3))) : Optional.empty();
      }
    }
  }

  boolean delete(Connection c, String idHash) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM web_session WHERE id_hash = ?")) {
      s.setString(1, idHash);
      return s.executeUpdate() > 0;
    }
  }

  int deleteExpired(Connection c, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM web_session WHERE expires_at <= ?")) {
      s.setObject(1, now.atOffset(ZoneOffset.UTC));
      return s.executeUpdate();
    }
  }
}
