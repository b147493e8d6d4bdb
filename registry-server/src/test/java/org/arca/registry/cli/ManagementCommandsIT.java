package org.arca.registry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.JarCommand;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every management command of the packaged jar, as an operator runs it: beside a server running on the same data
 * directory (the H2 database is shared, the search index is not), and with the server stopped. Each command either
 * works or refuses at once with a message that says what to do, and every one ends on its own ({@link JarCommand}
 * fails a command that hangs).
 */
class ManagementCommandsIT {
  static final Path CORPUS = Path.of(System.getProperty("arca.corpus", "/work/shared/corpus"));
  static final Map<String, String> OPEN = Map.of("ARCA_AUTH_ENABLED", "false");

  @TempDir
  Path work;
  Path recipes;

  /** Two tools of the BioContainers corpus: ten images for load-recipes to push. */
  @BeforeEach
  void copyRecipes() throws IOException {
    recipes = work.resolve("biocontainers");
    for (String tool : List.of("samtools", "bwa")) {
      Path from = CORPUS.resolve("biocontainers").resolve(tool);
      try (Stream<Path> files = Files.walk(from)) {
        for (Path file : files.toList()) {
          Path target = recipes.resolve(tool).resolve(from.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    }
  }

  @Test
  void everyCommand_besideRunningServer_worksOrRefusesAtOnce() throws Exception {
    Path data = work.resolve("data");
    Path bag = work.resolve("bag");
    try (ArcaProcess arca = ArcaProcess.start(data, List.of("-Xmx512m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      String loaded = ok(data, null, "load-recipes", "--url", arca.url().toString(), "--namespace", "corpus",
          recipes.toString());
      assertTrue(loaded.contains("loaded 10 images"), loaded);
      assertTrue(loaded.contains("search has indexed them"), loaded);
      // the loader waited for the index: what it loaded is searchable the moment it ends
      assertEquals(5, total(client, "samtools"), loaded);
      assertEquals(5, total(client, "bwa"), loaded);

      accountCommands(data);
      helpAndMistypedCommand(data);

      JarCommand.Result rebuild = JarCommand.run(data, OPEN, null, "rebuild-search-index");
      assertEquals(1, rebuild.exitCode(), rebuild::toString);
      assertTrue(rebuild.output().contains("in use by another process, most likely the Arca server"), rebuild::toString);
      assertTrue(rebuild.output().contains("POST /api/v1/search/rebuild"), rebuild::toString);
      assertEquals(5, total(client, "samtools"), "the server's index is untouched");

      String exported = ok(data, null, "export", "--repository", "corpus/samtools", "--output", bag.toString());
      assertTrue(exported.contains("exported 5 images"), exported);
      assertTrue(arca.isAlive());
      assertEquals(200, client.get("/health").status());
    }

    Path other = work.resolve("other");
    try (ArcaProcess arca = ArcaProcess.start(other, List.of("-Xmx512m"), Map.of())) {
      String imported = ok(other, null, "import", bag.toString());
      assertTrue(imported.contains("imported"), imported);
      OciClient client = new OciClient(arca.url());
      // the command left the running server a job per repository; the server indexes what was imported
      Await.until(Duration.ofMinutes(2), "the imported images to be searchable", () -> total(client, "samtools") == 5);
    }
  }

  @Test
  void everyCommand_serverStopped_works() throws Exception {
    Path data = work.resolve("data");
    Path bag = work.resolve("bag");
    try (ArcaProcess arca = ArcaProcess.start(data, List.of("-Xmx512m"), Map.of())) {
      String loaded = ok(data, null, "load-recipes", "--url", arca.url().toString(), "--namespace", "corpus",
          recipes.toString());
      assertTrue(loaded.contains("loaded 10 images"), loaded);
    }

    JarCommand.Result unreachable = JarCommand.run(data, OPEN, null, "load-recipes", "--url",
        "http://127.0.0.1:" + freePort(), recipes.toString());
    assertEquals(1, unreachable.exitCode(), unreachable::toString);
    assertTrue(unreachable.output().contains("cannot connect"), unreachable::toString);

    accountCommands(data);
    helpAndMistypedCommand(data);

    String rebuilt = ok(data, null, "rebuild-search-index");
    assertTrue(rebuilt.contains("search index rebuilt: 10 images in 2 repositories"), rebuilt);
    String exported = ok(data, null, "export", "--repository", "corpus/samtools", "--output", bag.toString());
    assertTrue(exported.contains("exported 5 images"), exported);

    Path other = work.resolve("other");
    String imported = ok(other, null, "import", bag.toString());
    assertTrue(imported.contains("imported"), imported);
    try (ArcaProcess arca = ArcaProcess.start(other, List.of("-Xmx512m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      // the jobs the import left are run by the server at its start
      Await.until(Duration.ofMinutes(2), "the imported images to be searchable", () -> total(client, "samtools") == 5);
    }
    try (ArcaProcess arca = ArcaProcess.start(data, List.of("-Xmx512m"), Map.of())) {
      assertEquals(5, total(new OciClient(arca.url()), "samtools"), "the rebuilt index serves the server");
    }
  }

  /** The account, organization, robot, repository, key and audit commands, on a data directory with images. */
  private void accountCommands(Path data) throws Exception {
    assertTrue(ok(data, "alice-password-1\n", "user", "add", "alice", "--email", "alice@example.org",
        "--password-stdin").contains("created alice"));
    assertTrue(ok(data, "bob-password-1\n", "user", "add", "bob", "--password-stdin").contains("created bob"));
    String users = ok(data, null, "user", "list");
    assertTrue(users.contains("alice\tuser\tresearcher") && users.contains("bob\tuser"), users);
    assertTrue(ok(data, "alice-password-2\n", "user", "passwd", "alice", "--password-stdin")
        .contains("password of alice changed"));
    assertTrue(ok(data, null, "user", "role", "alice", "curator").contains("alice\tuser\tcurator"));
    assertTrue(ok(data, null, "user", "disable", "bob").contains("disabled"));
    String enabled = ok(data, null, "user", "enable", "bob");
    assertTrue(enabled.contains("bob\tuser") && !enabled.contains("disabled"), enabled);

    assertTrue(ok(data, null, "org", "add", "lab", "--owner", "alice").contains("created lab"));
    assertTrue(ok(data, null, "org", "member", "lab", "bob", "reader").contains("bob is reader of lab"));
    assertTrue(ok(data, null, "org", "members", "lab").contains("bob\treader"));
    assertTrue(ok(data, null, "org", "list").contains("lab\torganization"));
    assertTrue(ok(data, null, "org", "remove-member", "lab", "bob").contains("bob left lab"));

    String robot = ok(data, null, "robot", "add", "alice", "ci", "--actions", "pull,push");
    assertTrue(robot.contains("robot:  alice+ci") && robot.contains("token:  "), robot);
    assertTrue(ok(data, null, "robot", "list", "alice").contains("alice+ci"));
    assertTrue(ok(data, null, "robot", "revoke", "alice+ci").contains("revoked alice+ci"));

    assertTrue(ok(data, null, "repo", "visibility", "corpus/bwa", "private").contains("corpus/bwa is private"));
    assertTrue(ok(data, null, "repo", "grant", "corpus/bwa", "bob", "pull").contains("bob may pull corpus/bwa"));
    assertTrue(ok(data, null, "namespace", "visibility", "alice", "private").contains("alice defaults to private"));
    assertTrue(ok(data, null, "keys", "rotate").contains("new signing key"));
    String audit = ok(data, null, "audit", "--limit", "100");
    assertTrue(audit.contains("user.create") && audit.contains("cli:"), audit);
    assertTrue(ok(data, null, "user", "remove", "bob").contains("removed bob"));
  }

  /** {@code help} as the operator guide writes it, and a mistyped command that must not start a second server. */
  private void helpAndMistypedCommand(Path data) throws Exception {
    for (String help : List.of("help", "--help")) {
      String listing = ok(data, null, help);
      for (String command : List.of("user", "org", "robot", "repo", "namespace", "keys", "audit",
          "rebuild-search-index", "export", "import", "load-recipes")) {
        assertTrue(listing.contains("\n  " + command + " "), command + " in:\n" + listing);
      }
    }
    assertTrue(ok(data, null, "help", "load-recipes").contains("--url"));
    JarCommand.Result mistyped = JarCommand.run(data, OPEN, null, "usr", "list");
    assertEquals(2, mistyped.exitCode(), mistyped::toString);
    assertTrue(mistyped.output().contains("Unmatched arguments from index 0: 'usr', 'list'"), mistyped::toString);
    assertTrue(mistyped.output().contains("Did you mean: arca user?"), mistyped::toString);
  }

  /** Runs a command that must succeed; returns what it printed. */
  private static String ok(Path data, String stdin, String... arguments) throws Exception {
    JarCommand.Result result = JarCommand.run(data, OPEN, stdin, arguments);
    assertEquals(0, result.exitCode(), () -> String.join(" ", arguments) + " " + result);
    return result.output();
  }

  private static int total(OciClient client, String query) {
    OciClient.Response response = client.get("/api/v1/search?q=" + query);
    assertEquals(200, response.status(), response::toString);
    try {
      JsonNode result = OciJson.MAPPER.readTree(response.body());
      return result.get("total").asInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
