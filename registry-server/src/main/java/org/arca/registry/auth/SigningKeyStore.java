package org.arca.registry.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code signing_key} table: plain JDBC, the same SQL on H2 and PostgreSQL. Holds the token keys
 * ({@link SigningKeys}) and the vetting attestation key, each under its purpose.
 *
 * <p>The private JWK is stored unencrypted. Encrypting it would need a key that every instance holds and the
 * database does not, handed to each instance by configuration: the same distribution problem this table removes,
 * moved into a secret that must never be lost. Instead the table is protected as the database is: whoever can read
 * {@code signing_key} (or a dump of it) can sign tokens, so database credentials and backups are secrets, as
 * {@code <data-dir>/keys} was (docs/operator-guide.md says so). Private keys never leave this class's callers in a
 * log line or an answer.
 */
@Singleton
public class SigningKeyStore {

  /** A stored key: its place in the order of keys of its purpose (the highest signs) and the key itself. */
  public record Row(int generation, ECKey key) {}

  /** Every key of {@code purpose}, oldest first. */
  List<Row> all(Connection c, String purpose) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT generation, kid, private_jwk FROM signing_key WHERE purpose = ? ORDER BY generation")) {
      s.setString(1, purpose);
      try (ResultSet r = s.executeQuery()) {
        List<Row> rows = new ArrayList<>();
        while (r.next()) {
          rows.add(new Row(r.getInt(1), parse(r.getString(2), r.getString(3))));
        }
        return rows;
      }
    }
  }

  /** The newest key of {@code purpose}, the one that signs. */
  public Optional<Row> newest(Connection c, String purpose) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT generation, kid, private_jwk FROM signing_key"
        + " WHERE purpose = ? ORDER BY generation DESC FETCH FIRST 1 ROWS ONLY")) {
      s.setString(1, purpose);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Row(r.getInt(1), parse(r.getString(2), r.getString(3)))) : Optional.empty();
      }
    }
  }

  /** The key of {@code purpose} with id {@code kid}, if there is one. */
  Optional<ECKey> find(Connection c, String purpose, String kid) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT kid, private_jwk FROM signing_key WHERE purpose = ? AND kid = ?")) {
      s.setString(1, purpose);
      s.setString(2, kid);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(parse(r.getString(1), r.getString(2))) : Optional.empty();
      }
    }
  }

  /**
   * Adds a key. Fails with a unique violation (SQLSTATE 23505) when another instance took the same generation or
   * stored the same key first; {@code Database.write} then runs the caller's work again, which sees that row.
   */
  public void insert(Connection c, String purpose, int generation, ECKey key, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO signing_key (kid, purpose, generation, private_jwk,"
        + " created_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, key.getKeyID());
      s.setString(2, purpose);
      s.setInt(3, generation);
      s.setString(4, key.toJSONString());
      s.setObject(5, now.atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
  }

  private static ECKey parse(String kid, String json) {
    try {
      return JWK.parse(json).toECKey();
    } catch (ParseException | RuntimeException e) {
      // the message of a JWK parse failure may quote the key material: name the key, keep the cause out
      throw new IllegalStateException("the signing key " + kid + " in the database is not an EC JWK");
    }
  }
}
