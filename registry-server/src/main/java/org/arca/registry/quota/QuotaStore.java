package org.arca.registry.quota;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;

/**
 * Namespace quotas and usage, in plain portable SQL. A repository belongs to namespace {@code ns} when it is named
 * {@code ns} or {@code ns/...}; its usage is the bytes of the distinct blobs that its manifests reference.
 */
@Singleton
class QuotaStore {
  /** Repositories of a namespace: its own name, or below it (LIKE with '!' as escape, for names holding '_'). */
  private static final String IN_NAMESPACE = "(p.name = ? OR p.name LIKE ? ESCAPE '!')";

  record Limits(String namespace, Long warningBytes, Long rejectBytes, String updatedBy, Instant updatedAt) {}

  record Usage(long totalBytes, long sharedBytes) {}

  Optional<Limits> limits(Connection c, String namespace) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT warning_bytes, reject_bytes, updated_by, updated_at"
        + " FROM namespace_quota WHERE namespace = ?")) {
      s.setString(1, namespace);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        return Optional.of(new Limits(namespace, r.getObject(1, Long.class), r.getObject(2, Long.class),
            r.getString(3), r.getObject(4, OffsetDateTime.class).toInstant()));
      }
    }
  }

  void setLimits(Connection c, Limits limits) throws SQLException {
    remove(c, limits.namespace());
    try (PreparedStatement s = c.prepareStatement("INSERT INTO namespace_quota (namespace, warning_bytes,"
        + " reject_bytes, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, limits.namespace());
      s.setObject(2, limits.warningBytes());
      s.setObject(3, limits.rejectBytes());
      s.setString(4, limits.updatedBy());
      s.setObject(5, limits.updatedAt().atOffset(ZoneOffset.UTC));
      s.executeUpdate();
    }
  }

  boolean remove(Connection c, String namespace) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM namespace_quota WHERE namespace = ?")) {
      s.setString(1, namespace);
      return s.executeUpdate() > 0;
    }
  }

  /** The namespace's physical bytes, and how many of them manifests of other namespaces reference too. */
  Usage usage(Connection c, String namespace) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(b.size), 0),"
        + " COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM manifest_reference r2 JOIN repository p2"
        + " ON p2.id = r2.repository_id WHERE r2.child_digest = b.digest AND p2.name <> ?"
        + " AND p2.name NOT LIKE ? ESCAPE '!') THEN b.size ELSE 0 END), 0)"
        + " FROM blob b WHERE b.digest IN (SELECT r.child_digest FROM manifest_reference r JOIN repository p"
        + " ON p.id = r.repository_id WHERE r.child_is_manifest = FALSE AND " + IN_NAMESPACE + ")")) {
      s.setString(1, namespace);
      s.setString(2, below(namespace));
      s.setString(3, namespace);
      s.setString(4, below(namespace));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Usage(r.getLong(1), r.getLong(2));
      }
    }
  }

  /**
   * The bytes that {@code digests} (blobs a manifest references) would add to the namespace: the sizes of those no
   * manifest of the namespace references yet.
   */
  long added(Connection c, String namespace, Collection<Digest> digests) throws SQLException {
    if (digests.isEmpty()) {
      return 0;
    }
    List<String> values = digests.stream().map(Digest::toString).distinct().toList();
    String in = "(" + "?,".repeat(values.size() - 1) + "?)";
    try (PreparedStatement s = c.prepareStatement("SELECT COALESCE(SUM(b.size), 0) FROM blob b WHERE b.digest IN "
        + in + " AND NOT EXISTS (SELECT 1 FROM manifest_reference r JOIN repository p ON p.id = r.repository_id"
        + " WHERE r.child_digest = b.digest AND " + IN_NAMESPACE + ")")) {
      int i = 1;
      for (String value : values) {
        s.setString(i++, value);
      }
      s.setString(i++, namespace);
      s.setString(i, below(namespace));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private static String below(String namespace) {
    return namespace.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
  }
}
