package org.arca.preservation.doi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.arca.core.image.OciJson;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the provider against a local stand-in for the DataCite REST API that checks every request. */
class DataCiteDoiProviderTest {
  private static final String USER = "ARCA.TEST";
  private static final String PASSWORD = "s3cret:with-colon";
  private static final Doi DOI = Doi.parse("10.5072/abcd-efgh-jk12");

  /** One request as the server saw it. */
  record Seen(String method, String path, String authorization, String contentType, String accept, JsonNode body) {}

  /** What the server answers next: status and body. */
  record Answer(int status, String body) {}

  private HttpServer server;
  private final List<Seen> seen = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();
  private DataCiteDoiProvider provider;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    provider = new DataCiteDoiProvider("http://127.0.0.1:" + server.getAddress().getPort(), "10.5072", USER,
        PASSWORD);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
        exchange.getRequestHeaders().getFirst("Accept"), body.length == 0 ? null : OciJson.MAPPER.readTree(body)));
    Answer answer = answers.isEmpty() ? new Answer(500, "no answer scripted") : answers.poll();
    byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.api+json; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  private static String doiAnswer(String state) {
    return "{\"data\":{\"id\":\"10.5072/abcd-efgh-jk12\",\"type\":\"dois\",\"attributes\":{\"doi\":"
        + "\"10.5072/abcd-efgh-jk12\",\"prefix\":\"10.5072\",\"suffix\":\"abcd-efgh-jk12\",\"state\":\"" + state
        + "\",\"url\":\"https://arca.example.org/biocontainers/samtools@sha256:6c3c\"}}}";
  }

  private static DoiMetadata record() {
    return SampleRecords.full().withDoi(DOI);
  }

  private static void assertJsonApiRequest(Seen request, String method, String path) {
    assertEquals(method, request.method());
    assertEquals(path, request.path());
    assertEquals("Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)),
        request.authorization());
    assertEquals("application/vnd.api+json", request.accept());
  }

  @Test
  void createDraft_postsJsonApiDoiWithFullAttributesAndReturnsDraft() {
    answers.add(new Answer(201, doiAnswer("draft")));
    DoiStatus status = provider.createDraft(record());
    assertEquals(DoiState.DRAFT, status.state());
    assertFalse(status.registered());
    assertEquals(DOI, status.doi());
    Seen request = seen.get(0);
    assertJsonApiRequest(request, "POST", "/dois");
    assertEquals("application/vnd.api+json", request.contentType());
    JsonNode data = request.body().get("data");
    assertEquals("dois", data.get("type").asText());
    JsonNode attributes = data.get("attributes");
    assertFalse(attributes.has("event"), "a draft is created without event");
    assertEquals("10.5072/abcd-efgh-jk12", attributes.get("doi").asText());
    assertEquals(record().url(), attributes.get("url").asText());
    assertEquals("Software", attributes.get("types").get("resourceTypeGeneral").asText());
    assertEquals("Container image", attributes.get("types").get("resourceType").asText());
    assertEquals("Doe, Jane", attributes.get("creators").get(0).get("name").asText());
    assertEquals("ORCID",
        attributes.get("creators").get(0).get("nameIdentifiers").get(0).get("nameIdentifierScheme").asText());
    assertEquals("Samtools", attributes.get("titles").get(0).get("title").asText());
    assertEquals("Arca Test Archive", attributes.get("publisher").get("name").asText());
    assertEquals(2026, attributes.get("publicationYear").asInt());
    assertEquals("IsDerivedFrom", attributes.get("relatedIdentifiers").get(0).get("relationType").asText());
    assertEquals("SPDX", attributes.get("rightsList").get(0).get("rightsIdentifierScheme").asText());
  }

  @Test
  void publish_putsPublishEventWithMetadataAndReturnsFindable() {
    answers.add(new Answer(200, doiAnswer("findable")));
    DoiStatus status = provider.publish(record());
    assertEquals(DoiState.FINDABLE, status.state());
    assertTrue(status.registered());
    Seen request = seen.get(0);
    assertJsonApiRequest(request, "PUT", "/dois/10.5072/abcd-efgh-jk12");
    assertEquals("application/vnd.api+json", request.contentType());
    JsonNode attributes = request.body().get("data").get("attributes");
    assertEquals("publish", attributes.get("event").asText());
    assertEquals("Samtools", attributes.get("titles").get(0).get("title").asText());
  }

  @Test
  void update_putsMetadataWithoutEvent() {
    answers.add(new Answer(200, doiAnswer("findable")));
    DoiStatus status = provider.update(record(), DoiState.FINDABLE);
    assertEquals(DoiState.FINDABLE, status.state());
    Seen request = seen.get(0);
    assertJsonApiRequest(request, "PUT", "/dois/10.5072/abcd-efgh-jk12");
    assertFalse(request.body().get("data").get("attributes").has("event"));
    assertTrue(request.body().get("data").get("attributes").has("creators"));
  }

  @Test
  void hide_putsOnlyHideEventAndReturnsRegistered() {
    answers.add(new Answer(200, doiAnswer("registered")));
    DoiStatus status = provider.hide(DOI);
    assertEquals(DoiState.REGISTERED, status.state());
    Seen request = seen.get(0);
    assertJsonApiRequest(request, "PUT", "/dois/10.5072/abcd-efgh-jk12");
    JsonNode attributes = request.body().get("data").get("attributes");
    assertEquals(1, attributes.size());
    assertEquals("hide", attributes.get("event").asText());
  }

  @Test
  void status_getsDoiWithoutBody() {
    answers.add(new Answer(200, doiAnswer("registered")));
    assertEquals(DoiState.REGISTERED, provider.status(DOI).state());
    assertJsonApiRequest(seen.get(0), "GET", "/dois/10.5072/abcd-efgh-jk12");
    assertEquals(null, seen.get(0).body());
  }

  @Test
  void validationError_throwsWithDataCiteMessagesAndStatus() {
    answers.add(new Answer(422, "{\"errors\":[{\"status\":\"422\",\"source\":\"url\",\"title\":\"Can't be blank\"},"
        + "{\"status\":\"422\",\"source\":\"doi\",\"title\":\"This DOI has already been taken\"}]}"));
    DoiProviderException e = assertThrows(DoiProviderException.class, () -> provider.createDraft(record()));
    assertEquals(422, e.status());
    assertEquals(List.of("url: Can't be blank", "doi: This DOI has already been taken"), e.errors());
    assertTrue(e.getMessage().contains("create draft DOI 10.5072/abcd-efgh-jk12"));
    assertTrue(e.getMessage().contains("url: Can't be blank"));
  }

  @Test
  void badCredentials_throwsUnauthorizedWithTitle() {
    answers.add(new Answer(401, "{\"errors\":[{\"status\":\"401\",\"title\":\"Bad credentials.\"}]}"));
    DoiProviderException e = assertThrows(DoiProviderException.class, () -> provider.publish(record()));
    assertEquals(401, e.status());
    assertEquals(List.of("Bad credentials."), e.errors());
  }

  @Test
  void serverErrorWithoutJson_throwsWithBodyText() {
    answers.add(new Answer(503, "upstream unavailable"));
    DoiProviderException e = assertThrows(DoiProviderException.class, () -> provider.hide(DOI));
    assertEquals(503, e.status());
    assertEquals(List.of("upstream unavailable"), e.errors());
  }

  @Test
  void successWithoutState_isRejectedAsMalformed() {
    answers.add(new Answer(200, "{\"data\":{\"attributes\":{}}}"));
    assertThrows(DoiProviderException.class, () -> provider.update(record(), DoiState.DRAFT));
  }

  @Test
  void unreachableEndpoint_throwsWithStatusZero() throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort(); // closed again at once: nothing listens there
    }
    DataCiteDoiProvider offline = new DataCiteDoiProvider("http://127.0.0.1:" + port, "10.5072", USER, PASSWORD);
    DoiProviderException e = assertThrows(DoiProviderException.class, () -> offline.hide(DOI));
    assertEquals(0, e.status());
  }

  @Test
  void doiUnderAnotherPrefix_isRefusedWithoutRequest() {
    DoiMetadata foreign = SampleRecords.full().withDoi(Doi.parse("10.1234/abc"));
    assertThrows(DoiProviderException.class, () -> provider.createDraft(foreign));
    assertTrue(seen.isEmpty());
  }

  @Test
  void missingCredentials_failAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new DataCiteDoiProvider("http://127.0.0.1:1", "10.5072", "",
        "x"));
  }
}
