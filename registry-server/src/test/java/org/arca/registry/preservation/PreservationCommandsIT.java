package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.JarCommand;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as an operator runs it: preservation configured only through environment variables, DOIs
 * registered with DataCite (a local stand-in for its REST API, so the test stays off the network), then the
 * {@code export} and {@code import} commands move everything into a new data directory.
 */
class PreservationCommandsIT {
  static final String PASSWORD = "datacite-secret-" + System.nanoTime();
  @TempDir
  Path first;
  @TempDir
  Path second;
  @TempDir
  Path work;

  HttpServer datacite;
  final List<String> calls = new CopyOnWriteArrayList<>();

  /** Answers as DataCite does: the DOI and its state in data.attributes, after checking the credentials. */
  @BeforeEach
  void startDataCite() throws IOException {
    datacite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String expected = "Basic " + Base64.getEncoder().encodeToString(("EXAMPLE.ARCA:" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    datacite.createContext("/dois", exchange -> {
      JsonNode attributes = OciJson.MAPPER.readTree(exchange.getRequestBody().readAllBytes()).path("data")
          .path("attributes");
      String event = attributes.path("event").asText("");
      calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + event);
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      String state = event.equals("publish") ? "findable" : event.equals("hide") ? "registered" : "draft";
      byte[] answer = ("{\"data\":{\"type\":\"dois\",\"attributes\":{\"doi\":\"" + attributes.path("doi").asText()
          .toUpperCase(java.util.Locale.ROOT) + "\",\"state\":\"" + state + "\"}}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/vnd.api+json");
      exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    datacite.start();
  }

  @AfterEach
  void stopDataCite() {
    datacite.stop(0);
  }

  Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("ARCA_PRESERVATION_BASE_URL", "https://arca.example.org");
    env.put("ARCA_PRESERVATION_PUBLISHER", "Example University Library");
    env.put("ARCA_PRESERVATION_DOI_PROVIDER", "datacite");
    env.put("ARCA_PRESERVATION_DOI_PREFIX", "10.80001");
    env.put("ARCA_PRESERVATION_DOI_AUTO_APPROVE", "true");
    env.put("ARCA_PRESERVATION_DOI_DATACITE_ENDPOINT", "http://127.0.0.1:" + datacite.getAddress().getPort());
    env.put("ARCA_PRESERVATION_DOI_DATACITE_USERNAME", "EXAMPLE.ARCA");
    env.put("ARCA_PRESERVATION_DOI_DATACITE_PASSWORD", PASSWORD);
    return env;
  }

  /** Runs a command of the jar on {@code dataDir}; returns what it printed, failing on a non-zero exit. */
  String command(Path dataDir, String... arguments) throws Exception {
    JarCommand.Result result = JarCommand.run(dataDir, environment(), null, arguments);
    assertEquals(0, result.exitCode(), () -> String.join(" ", arguments) + " " + result);
    return result.output();
  }

  @Test
  void doiRegisteredWithDataCiteFromEnvironment_survivesExportAndImportCommands() throws Exception {
    String doi;
    Image image;
    try (ArcaProcess arca = ArcaProcess.start(first, List.of("-Xmx512m"), environment())) {
      OciClient client = new OciClient(arca.url());
      image = PreservationFixtures.pushImage(client, "lab/pipeline", "1.0", "Pipeline");
      OciClient.Response minted = client.post("/api/v1/dois", body("{\"repository\":\"lab/pipeline\",\"digest\":\""
          + image.digest() + "\"}"), "Content-Type", "application/json");
      assertEquals(201, minted.status(), minted::toString);
      JsonNode record = json(minted);
      doi = record.get("doi").asText();
      assertTrue(doi.startsWith("10.80001/"), doi);
      assertEquals("findable", record.get("state").asText(), "auto-approve publishes at once");
      assertEquals("datacite", record.get("provider").asText());
      assertTrue(record.get("registered").asBoolean());
      assertTrue(calls.contains("POST /dois "), calls.toString());
      assertTrue(calls.contains("PUT /dois/" + doi + " publish"), calls.toString());
      assertFalse(arca.log().contains(PASSWORD), "the DataCite password stays out of the log");
    }
    int registrations = calls.size();

    Path bag = work.resolve("bag");
    String exported = command(first, "export", "--dois", "--output", bag.toString());
    assertTrue(exported.contains("DOI " + doi), exported);
    String imported = command(second, "import", bag.toString());
    assertTrue(imported.contains("imported 1 manifests"), imported);
    assertEquals(registrations, calls.size(), "an import registers nothing: the DOIs exist already");

    try (ArcaProcess arca = ArcaProcess.start(second, List.of("-Xmx512m"), environment())) {
      OciClient client = new OciClient(arca.url());
      assertEquals(200, client.get("/v2/lab/pipeline/manifests/1.0", "Accept", MediaTypes.OCI_MANIFEST).status());
      JsonNode record = json(client.get("/api/v1/dois/" + doi));
      assertEquals("findable", record.get("state").asText());
      assertEquals(image.digest().toString(), record.get("digest").asText());
      assertEquals(200, client.get("/doi/" + doi).status());
    }
  }
}
