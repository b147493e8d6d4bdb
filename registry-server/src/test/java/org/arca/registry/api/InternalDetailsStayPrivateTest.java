package org.arca.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * What the server tells others stays in the client's terms (issue 11, item 7): error bodies carry no exception
 * class, library or database text, only what was wrong with the request; and the first admin's generated password
 * goes to its file, never to the log. The server is started here, with a log capture attached before it starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalDetailsStayPrivateTest {
  /** Text that only a library or the database writes: class names, parser positions, SQL. */
  private static final Pattern INTERNAL = Pattern.compile("(?i)(\\b[a-z]+\\.[a-z]+\\.[a-z.]*[A-Z]\\w+|exception"
      + "|jackson|serde|StreamReadConstraints|\\[Source|REDACTED|org\\.h2|\\bSQL|JdbcSQL|statement|column \""
      + "|Failed to convert argument|micronaut|\\bjava\\.)");

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private EmbeddedServer server;
  private Path dataDir;
  private OciClient admin;

  @BeforeAll
  void start() throws IOException {
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    Map<String, Object> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.auth.bcrypt-cost", "4");
    dataDir = Path.of(properties.get("arca.data-dir").toString());
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    String password = Files.readString(dataDir.resolve("initial-admin-password")).strip();
    admin = new OciClient(URI.create(server.getURL().toString())).withBasic("admin", password);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    server.close();
  }

  @Test
  void firstAdminPassword_isInItsFile_andNotInTheLog() throws IOException {
    String password = Files.readString(dataDir.resolve("initial-admin-password")).strip();
    assertEquals(200, admin.get("/api/v1/users").status(), "the file holds the admin's password");
    List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(lines.stream().anyMatch(line -> line.contains("initial-admin-password")),
        "the log says where the password is: " + lines);
    assertFalse(lines.stream().anyMatch(line -> line.contains(password)), "the password is in the log");
  }

  /** A request with a bad body, and the status it must get. */
  record BadRequest(String name, String method, String path, String body, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<BadRequest> badRequests() {
    String deep = "[".repeat(2000) + "]".repeat(2000);
    return Stream.of(
        new BadRequest("malformed JSON", "POST", "/api/v1/users", "{\"name\":", 400),
        new BadRequest("not JSON at all", "POST", "/api/v1/organizations", "name=lab", 400),
        new BadRequest("a field of the wrong type", "POST", "/api/v1/users", "{\"name\":[1,2],\"password\":{}}",
            400),
        new BadRequest("a number of 5000 digits", "POST", "/api/v1/users", "{\"name\":\"x\",\"password\":"
            + "9".repeat(5000) + "}", 400),
        new BadRequest("nesting 2000 deep", "PUT", "/api/v1/namespaces/admin/visibility", "{\"visibility\":"
            + deep + "}", 400),
        new BadRequest("nesting 2000 deep, for a DOI", "POST", "/api/v1/dois", "{\"metadata\":" + deep + "}", 400),
        new BadRequest("malformed JSON, for a DOI", "POST", "/api/v1/dois", "{\"repository\":", 400),
        new BadRequest("malformed JSON, for a conversion", "POST", "/api/v1/sif/conversions", "{\"repository", 400),
        new BadRequest("a display name longer than the database column", "PATCH", "/api/v1/users/admin",
            "{\"displayName\":\"" + "x".repeat(300) + "\"}", 400),
        new BadRequest("an e-mail longer than the database column", "PATCH", "/api/v1/users/admin",
            "{\"email\":\"" + "x".repeat(400) + "@example.org\"}", 400),
        new BadRequest("a robot description longer than the database column", "POST",
            "/api/v1/namespaces/admin/robots", "{\"name\":\"r1\",\"actions\":[\"pull\"],\"description\":\""
            + "x".repeat(5000) + "\"}", 400),
        new BadRequest("a query parameter that is not a number", "GET", "/api/v1/audit?limit=many", null, 400));
  }

  @Test
  void databaseFailure_isToldInTheRequestsTerms_andItsTextStaysInTheLog() {
    Database database = server.getApplicationContext().getBean(Database.class);
    DatabaseExceptionHandler handler = server.getApplicationContext().getBean(DatabaseExceptionHandler.class);
    Database.DatabaseException badValue = assertThrows(Database.DatabaseException.class, () -> database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT CAST(? AS INTEGER)")) {
        s.setString(1, "not a number");
        return s.executeQuery().next();
      }
    }));
    Database.DatabaseException broken = assertThrows(Database.DatabaseException.class, () -> database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM no_such_table")) {
        return s.executeQuery().next();
      }
    }));
    HttpResponse<?> refused = handler.handle(HttpRequest.PATCH("/api/v1/users/admin", "{}"), badValue);
    HttpResponse<?> failed = handler.handle(HttpRequest.PATCH("/api/v1/users/admin", "{}"), broken);
    assertEquals(400, refused.code());
    assertEquals(500, failed.code());
    for (HttpResponse<?> response : List.of(refused, failed)) {
      String text = new String((byte[]) response.body(), StandardCharsets.UTF_8);
      assertTrue(text.contains("PATCH /api/v1/users/admin"), text);
      assertFalse(INTERNAL.matcher(text).find() || text.toUpperCase().contains("NO_SUCH_TABLE"), text);
    }
    assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("SQLSTATE 42")),
        "the log has the database's failure");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequest_getsAClearErrorWithoutInternals(BadRequest bad) {
    Response response = admin.send(bad.method(), bad.path(),
        bad.body() == null ? null : bad.body().getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertEquals(bad.status(), response.status(), response::toString);
    String text = response.text();
    assertTrue(text.startsWith("{\"errors\":[{\"code\":"), text);
    assertFalse(INTERNAL.matcher(text).find(), "internal detail in the body: " + text);
  }
}
