package org.arca.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Configuration for a test server on a fresh data directory, with either the embedded H2 database or a fresh
 * database on the PostgreSQL server that {@code .ci/test-env.sh} starts.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /**
   * Properties for a server with H2 in a new temporary data directory, in open mode: the OCI API tests exercise the
   * protocol, and the access-control tests turn authentication on themselves.
   */
  public static Map<String, String> h2() {
    Map<String, String> properties = new HashMap<>();
    properties.put("arca.data-dir", newDataDir().toString());
    properties.put("arca.auth.enabled", "false");
    properties.put("micronaut.server.port", "-1"); // a free port: application.yml's 5000 is for operators
    return properties;
  }

  /** {@link #h2()} with the Netty fast path ({@code arca.registry.fast-path}, on by default) on or off. */
  public static Map<String, String> h2(boolean fastPath) {
    Map<String, String> properties = h2();
    properties.put("arca.registry.fast-path", Boolean.toString(fastPath));
    return properties;
  }

  /** Properties for a server with a new, empty PostgreSQL database (and a new data directory for blobs). */
  public static Map<String, String> postgres() {
    String adminUrl = env("ARCA_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String user = env("ARCA_TEST_POSTGRES_USER", "arca_test");
    String password = env("ARCA_TEST_POSTGRES_PASSWORD", "arca_test");
    String database = "arca_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is needed for these tests but " + adminUrl + " refused ("
          + e.getMessage() + "). Run the tests with .ci/test-all.sh, which installs and starts it, or source"
          + " .ci/test-env.sh first.", e);
    }
    Map<String, String> properties = new HashMap<>();
    properties.put("arca.data-dir", newDataDir().toString());
    properties.put("arca.auth.enabled", "false");
    properties.put("micronaut.server.port", "-1"); // a free port: application.yml's 5000 is for operators
    properties.put("datasources.default.url", adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + database);
    properties.put("datasources.default.username", user);
    properties.put("datasources.default.password", password);
    properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
    return properties;
  }

  /** One directory per test JVM holding every data directory, removed when the JVM exits. */
  private static final Path ROOT = createRoot();

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory(ROOT, "data-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path createRoot() {
    try {
      Path root = Files.createTempDirectory("arca-test-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "arca-test-cleanup"));
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temporary directory harms nothing
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
