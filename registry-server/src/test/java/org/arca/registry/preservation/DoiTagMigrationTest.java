package org.arca.registry.preservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V201 gives the DOIs minted before it the tag they were minted for: the first tag (in tag order) that already pointed
 * at the image when the DOI was minted, not one added later, and none for an image that had no tag.
 */
class DoiTagMigrationTest {
  @TempDir
  Path dir;

  @Test
  void existingDois_getTheTagThatPointedAtTheImageWhenTheyWereMinted() throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("arca") + ";WRITE_DELAY=0";
    migrate(url, "200");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO repository (id, name, created_at) VALUES (1, 'lab/tool', TIMESTAMP WITH TIME ZONE"
          + " '2026-01-01 00:00:00+00')");
      for (String digest : new String[] {"sha256:aa", "sha256:bb"}) {
        s.execute("INSERT INTO manifest (repository_id, digest, media_type, size, content, pushed_at, pushed_by)"
            + " VALUES (1, '" + digest + "', 'application/vnd.oci.image.manifest.v1+json', 2, X'7b7d',"
            + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', 'alice')");
      }
      tag(s, "2.1.0", "sha256:aa", "2026-01-02 00:00:00+00");
      tag(s, "2.1", "sha256:aa", "2026-01-02 00:00:00+00");
      tag(s, "0-added-later", "sha256:aa", "2026-03-01 00:00:00+00");
      doi(s, "10.5072/tagged", "sha256:aa");
      doi(s, "10.5072/untagged", "sha256:bb");
    }
    migrate(url, null);
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals("2.1", tagOf(s, "10.5072/tagged"));
      assertNull(tagOf(s, "10.5072/untagged"));
    }
  }

  private static void migrate(String url, String target) {
    var configuration = Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration");
    if (target != null) {
      configuration.target(target);
    }
    configuration.load().migrate();
  }

  private static void tag(Statement s, String name, String digest, String at) throws SQLException {
    s.execute("INSERT INTO tag (repository_id, name, sort_name, digest, updated_at) VALUES (1, '" + name + "', '"
        + name + "', '" + digest + "', TIMESTAMP WITH TIME ZONE '" + at + "')");
  }

  private static void doi(Statement s, String doi, String digest) throws SQLException {
    s.execute("INSERT INTO doi (doi, kind, repository, digest, state, registered, provider, metadata, created_at,"
        + " updated_at) VALUES ('" + doi + "', 'VERSION', 'lab/tool', '" + digest + "', 'FINDABLE', FALSE, 'local',"
        + " '{}', TIMESTAMP WITH TIME ZONE '2026-02-01 00:00:00+00', TIMESTAMP WITH TIME ZONE"
        + " '2026-02-01 00:00:00+00')");
  }

  private static String tagOf(Statement s, String doi) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT tag FROM doi WHERE doi = '" + doi + "'")) {
      r.next();
      return r.getString(1);
    }
  }
}
