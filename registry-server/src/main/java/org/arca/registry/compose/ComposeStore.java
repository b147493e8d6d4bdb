package org.arca.registry.compose;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/** The catalog's tables (V11): bases, blocks, what their layers hold, and the compositions made. */
@Singleton
class ComposeStore {

  record Base(String alias, RepositoryName repository, Digest digest, String family, String registeredBy,
      Instant registeredAt) {}

  record Block(String alias, RepositoryName repository, String version, Digest digest, Digest baseDigest,
      int baseLayers, String registeredBy, Instant registeredAt) {}

  record Layer(Digest digest, Digest diffId, int fileCount, long unpackedSize, byte[] files) {}

  record Composition(RepositoryName repository, Digest digest, String request, String composedBy,
      Instant composedAt) {}

  void putBase(Connection c, Base base) throws SQLException {
    delete(c, "DELETE FROM compose_base WHERE alias = ?", base.alias());
    try (PreparedStatement s = c.prepareStatement("INSERT INTO compose_base (alias, repository, digest, family,"
        + " registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, base.alias());
      s.setString(2, base.repository().value());
      s.setString(3, base.digest().toString());
      s.setString(4, base.family());
      s.setString(5, base.registeredBy());
      s.setTimestamp(6, Timestamp.from(base.registeredAt()));
      s.executeUpdate();
    }
  }

  List<Base> bases(Connection c) throws SQLException {
    List<Base> bases = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT alias, repository, digest, family, registered_by,"
        + " registered_at FROM compose_base ORDER BY alias"); ResultSet r = s.executeQuery()) {
      while (r.next()) {
        bases.add(new Base(r.getString(1), RepositoryName.parse(r.getString(2)), Digest.parse(r.getString(3)),
            r.getString(4), r.getString(5), r.getTimestamp(6).toInstant()));
      }
    }
    return bases;
  }

  void putBlock(Connection c, Block block) throws SQLException {
    delete(c, "DELETE FROM compose_block WHERE alias = ?", block.alias());
    try (PreparedStatement s = c.prepareStatement("INSERT INTO compose_block (alias, repository, version, digest,"
        + " base_digest, base_layers, registered_by, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, block.alias());
      s.setString(2, block.repository().value());
      s.setString(3, block.version());
      s.setString(4, block.digest().toString());
      s.setString(5, block.baseDigest().toString());
      s.setInt(6, block.baseLayers());
      s.setString(7, block.registeredBy());
      s.setTimestamp(8, Timestamp.from(block.registeredAt()));
      s.executeUpdate();
    }
  }

  List<Block> blocks(Connection c) throws SQLException {
    List<Block> blocks = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT alias, repository, version, digest, base_digest,"
        + " base_layers, registered_by, registered_at FROM compose_block ORDER BY alias");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        blocks.add(new Block(r.getString(1), RepositoryName.parse(r.getString(2)), r.getString(3),
            Digest.parse(r.getString(4)), Digest.parse(r.getString(5)), r.getInt(6), r.getString(7),
            r.getTimestamp(8).toInstant()));
      }
    }
    return blocks;
  }

  boolean hasLayer(Connection c, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM compose_layer WHERE digest = ?")) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Records a layer unless it is recorded already (a layer's content never changes). */
  void putLayer(Connection c, Layer layer) throws SQLException {
    if (hasLayer(c, layer.digest())) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO compose_layer (digest, diff_id, file_count,"
        + " unpacked_size, files) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, layer.digest().toString());
      s.setString(2, layer.diffId().toString());
      s.setInt(3, layer.fileCount());
      s.setLong(4, layer.unpackedSize());
      s.setBytes(5, layer.files());
      s.executeUpdate();
    }
  }

  Optional<Layer> layer(Connection c, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT diff_id, file_count, unpacked_size, files"
        + " FROM compose_layer WHERE digest = ?")) {
      s.setString(1, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new Layer(digest, Digest.parse(r.getString(1)), r.getInt(2), r.getLong(3), r.getBytes(4)))
            : Optional.empty();
      }
    }
  }

  /** Records a stored composition; storing the same one again (same repository and digest) changes nothing. */
  void putComposition(Connection c, Composition composition) throws SQLException {
    if (composition(c, composition.repository(), composition.digest()).isPresent()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO compose_composition (repository, digest, request,"
        + " composed_by, composed_at) VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, composition.repository().value());
      s.setString(2, composition.digest().toString());
      s.setString(3, composition.request());
      s.setString(4, composition.composedBy());
      s.setTimestamp(5, Timestamp.from(composition.composedAt()));
      s.executeUpdate();
    }
  }

  Optional<Composition> composition(Connection c, RepositoryName repository, Digest digest) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT request, composed_by, composed_at FROM compose_composition"
        + " WHERE repository = ? AND digest = ?")) {
      s.setString(1, repository.value());
      s.setString(2, digest.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Composition(repository, digest, r.getString(1), r.getString(2),
            r.getTimestamp(3).toInstant())) : Optional.empty();
      }
    }
  }

  private static void delete(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      s.executeUpdate();
    }
  }
}
