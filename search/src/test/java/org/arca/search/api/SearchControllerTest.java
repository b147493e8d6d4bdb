package org.arca.search.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.image.OciJson;
import org.arca.search.index.SearchIndexer;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.OciImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The search API over real HTTP, with the registry's events handed to the search consumer as the server's log does. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchControllerTest implements TestPropertyProvider {
  private static final RepositoryName SAMTOOLS = RepositoryName.parse("biocontainers/samtools");
  private static final RepositoryName BWA = RepositoryName.parse("lab/bwa");

  @Inject
  @Client("/")
  HttpClient client;
  @Inject
  FakeRegistry registry;
  @Inject
  SearchIndexer indexer;
  @Inject
  List<RegistryEventConsumer> consumers;

  @Override
  public Map<String, String> getProperties() {
    try {
      // under target/, not /tmp: the server still holds the index when JUnit's callbacks end, so nothing here can
      // delete it safely, and the build's own directory is cleaned with the build
      Path target = Files.createDirectories(Path.of("target", "test-indexes"));
      return Map.of("arca.search.index-dir", Files.createTempDirectory(target, "search-http").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void publish(Iterable<RegistryEvent> events) throws Exception {
    for (RegistryEvent event : events) {
      for (RegistryEventConsumer consumer : consumers) {
        consumer.accept(event);
      }
    }
  }

  @BeforeAll
  void pushImages() throws Exception {
    publish(OciImages.image()
        .layer(OciImages.layer().file("var/lib/dpkg/status",
            "Package: samtools\nStatus: install ok installed\nVersion: 1.17-1\n"))
        .label("software", "samtools").label("about.summary", "Tools for manipulating next-generation sequencing data")
        .label("about.license", "MIT").push(registry, SAMTOOLS, "1.17"));
    publish(OciImages.image().label("org.opencontainers.image.title", "bwa")
        .label("org.opencontainers.image.description", "Burrows-Wheeler aligner")
        .label("org.opencontainers.image.licenses", "GPL-3.0-or-later").push(registry, BWA, "0.7.17"));
    assertTrue(indexer.awaitIdle(Duration.ofMinutes(1)));
  }

  private JsonNode get(String uri) {
    HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.GET(uri), String.class);
    assertEquals(HttpStatus.OK, response.getStatus());
    return json(response.body());
  }

  private static JsonNode json(String body) {
    try {
      return OciJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Scores depend on index statistics, which a rebuild compacts; everything else must stay. */
  private static String withoutScores(JsonNode hits) {
    hits.forEach(hit -> ((com.fasterxml.jackson.databind.node.ObjectNode) hit).remove("score"));
    return hits.toString();
  }

  private static String q(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private JsonNode badRequest(String uri) {
    HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
        () -> client.toBlocking().exchange(HttpRequest.GET(uri), String.class));
    assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
    return json(e.getResponse().getBody(String.class).orElseThrow());
  }

  @Test
  void search_freeText_answersHitsHighlightsAndFacets() {
    JsonNode result = get("/api/v1/search?q=" + q("sequencing samtools"));
    assertEquals(1, result.path("total").asInt());
    JsonNode hit = result.path("hits").get(0);
    assertEquals("biocontainers/samtools", hit.path("repository").asText());
    assertEquals("1.17", hit.path("tag").asText());
    assertTrue(hit.path("digest").asText().startsWith("sha256:"));
    assertEquals("samtools", hit.path("title").asText());
    assertEquals("Tools for manipulating next-generation sequencing data", hit.path("summary").asText());
    assertTrue(hit.path("score").asDouble() > 0);
    assertTrue(hit.path("highlights").path("summary").asText().contains("<em>sequencing</em>"));
    assertEquals("samtools 1.17-1 (deb)", hit.path("highlights").path("package").asText());
    JsonNode facets = result.path("facets");
    for (String dimension : new String[] {"license", "base", "arch", "hasDoi", "hasSif", "vetted"}) {
      assertTrue(facets.has(dimension), dimension);
    }
    assertEquals("MIT", facets.path("license").get(0).path("value").asText());
    assertEquals(1, facets.path("license").get(0).path("count").asInt());
  }

  @Test
  void search_fieldQueriesAndPaging() {
    assertEquals(1, get("/api/v1/search?q=" + q("license:GPL-3.0")).path("total").asInt());
    assertEquals("lab/bwa", get("/api/v1/search?q=" + q("license:GPL-3.0")).path("hits").get(0).path("repository")
        .asText());
    JsonNode all = get("/api/v1/search?page=2&size=1");
    assertEquals(2, all.path("total").asInt());
    assertEquals(1, all.path("hits").size());
  }

  @Test
  void search_operatorsAndStar_andNotesForWhatWasIgnored() {
    JsonNode star = get("/api/v1/search?q=" + q("*"));
    assertEquals(get("/api/v1/search").path("total").asInt(), star.path("total").asInt());
    assertTrue(star.path("total").asInt() >= 2);
    assertTrue(star.path("notes").isArray() && star.path("notes").isEmpty(), star.toString());
    assertEquals(0, get("/api/v1/search?q=" + q("samtools AND bwa")).path("total").asInt());
    assertEquals(2, get("/api/v1/search?q=" + q("samtools OR bwa")).path("total").asInt());
    assertEquals(1, get("/api/v1/search?q=" + q("samtools OR bwa NOT aligner")).path("total").asInt());
    JsonNode dangling = get("/api/v1/search?q=" + q("samtools AND"));
    assertEquals(1, dangling.path("total").asInt());
    assertEquals("AND at the end joins nothing and was ignored", dangling.path("notes").get(0).asText());
  }

  @Test
  void search_badQueries_answer400WithMessage() {
    JsonNode unknown = badRequest("/api/v1/search?q=" + q("colour:blue"));
    assertEquals("QUERY_INVALID", unknown.path("errors").get(0).path("code").asText());
    assertTrue(unknown.path("errors").get(0).path("message").asText().contains("unknown field 'colour'"));
    assertEquals(0, unknown.path("errors").get(0).path("detail").path("position").asInt());
    assertTrue(badRequest("/api/v1/search?q=" + q("\"open")).path("errors").get(0).path("message").asText()
        .contains("not closed"));
    assertTrue(badRequest("/api/v1/search?q=" + q("has:wings")).path("errors").get(0).path("message").asText()
        .contains("has:wings"));
    assertTrue(badRequest("/api/v1/search?q=x&page=abc").path("errors").get(0).path("message").asText()
        .contains("page must be a whole number"));
    assertTrue(badRequest("/api/v1/search?q=x&size=1000").path("errors").get(0).path("message").asText()
        .contains("size must be between 1 and 100"));
  }

  @Test
  void events_deliveredToTheConsumer_updateTheIndex() throws Exception {
    RepositoryName repository = RepositoryName.parse("lab/minimap2");
    for (RegistryEvent event : OciImages.image().label("software", "minimap2").push(registry, repository, "2.26")) {
      publish(List.of(event));
    }
    assertTrue(indexer.awaitIdle(Duration.ofMinutes(1)));
    assertEquals(1, get("/api/v1/search?q=repo:lab/minimap2").path("total").asInt());
    for (RegistryEvent event : registry.deleteManifest(repository,
        org.arca.core.Digest.parse(get("/api/v1/search?q=repo:lab/minimap2").path("hits").get(0).path("digest")
            .asText()))) {
      publish(List.of(event));
    }
    assertTrue(indexer.awaitIdle(Duration.ofMinutes(1)));
    assertEquals(0, get("/api/v1/search?q=repo:lab/minimap2").path("total").asInt());
  }

  @Test
  void suggest_prefix_answersNames() {
    assertEquals("samtools", get("/api/v1/search/suggest?prefix=SAM").path("suggestions").get(0).asText());
    assertEquals(0, get("/api/v1/search/suggest?prefix=zzz").path("suggestions").size());
  }

  @Test
  void rebuild_overHttp_acceptedAndResultsUnchanged() throws Exception {
    String before = withoutScores(get("/api/v1/search?q=" + q("samtools")).path("hits"));
    HttpResponse<String> response = client.toBlocking().exchange(HttpRequest.POST("/api/v1/search/rebuild", ""),
        String.class);
    assertEquals(HttpStatus.ACCEPTED, response.getStatus());
    indexer.rebuild().get(1, TimeUnit.MINUTES);
    assertTrue(indexer.awaitIdle(Duration.ofMinutes(1)));
    assertEquals(before, withoutScores(get("/api/v1/search?q=" + q("samtools")).path("hits")));
    assertEquals(2, get("/api/v1/search/status").path("documents").asInt());
  }
}
