package org.arca.search.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.arca.core.MediaTypes;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.search.recipe.RecipeKind;
import org.arca.search.recipe.RecipeReader;
import org.arca.search.testing.CorpusImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeLoaderTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir
  Path dir;

  record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RecipeLoader.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static JsonNode getJson(String url, String accept) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, response.statusCode(), url);
    return OciJson.MAPPER.readTree(response.body());
  }

  @Test
  void load_corpusSampleIntoReferenceRegistry_imagesLabelsAndRecipeArtifacts() throws Exception {
    Path bio = dir.resolve("biocontainers");
    for (String tool : List.of("samtools", "infernal", "bwa")) {
      copyTree(CorpusImages.BIOCONTAINERS.resolve(tool), bio.resolve(tool));
    }
    Path damona = dir.resolve("damona/recipes");
    for (String tool : List.of("bedtools", "purge_haplotigs", "STAR")) {
      copyTree(CorpusImages.DAMONA.resolve(tool), damona.resolve(tool));
    }
    try (ReferenceRegistry registry = new ReferenceRegistry(Files.createDirectories(dir.resolve("registry")))) {
      Run run = run("--url", registry.url, "--jobs", "3", bio.toString(), damona.toString());
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().contains("loaded 16 images from 2 folders"), run.out());
      assertTrue(run.out().contains("reports no search status (GET /api/v1/search/status): not waiting"), run.out());

      JsonNode tags = getJson(registry.url + "/v2/biocontainers/samtools/tags/list", "application/json");
      Set<String> names = new HashSet<>();
      tags.path("tags").forEach(t -> names.add(t.asText()));
      assertEquals(Set.of("1.2", "1.3", "1.3.1", "1.7.0", "1.9-4-deb"), names);
      JsonNode purge = getJson(registry.url + "/v2/damona/purge_haplotigs/tags/list", "application/json");
      assertEquals(2, purge.path("tags").size(), "two recipes of one version keep two tags");

      JsonNode manifest = getJson(registry.url + "/v2/biocontainers/infernal/manifests/1.1.2-2-deb",
          MediaTypes.OCI_MANIFEST);
      assertEquals("biocontainers/biocontainers:vdebian-buster-backports_cv1",
          manifest.path("annotations").path("org.opencontainers.image.base.name").asText());
      String configDigest = manifest.path("config").path("digest").asText();
      HttpResponse<byte[]> configBlob = HTTP.send(HttpRequest.newBuilder(
          URI.create(registry.url + "/v2/biocontainers/infernal/blobs/" + configDigest)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      ImageConfig config = ImageConfig.parse(configBlob.body());
      assertEquals("inference of RNA secondary structural alignments", config.labels().get("about.summary"));
      assertTrue(config.history().stream().anyMatch(h -> h.createdBy().startsWith("RUN apt-get update")));

      // the recipe artifact is stored with the image as subject (this registry has no referrers API to list it)
      RecipeFile file = RecipeFolder.scan(bio, "biocontainers").stream()
          .filter(f -> f.repository().value().equals("biocontainers/infernal") && f.tag().equals("1.1.2-2-deb"))
          .findFirst().orElseThrow();
      RecipeImage image = CorpusImages.build(new RecipeReader(), file);
      JsonNode artifact = getJson(registry.url + "/v2/biocontainers/infernal/manifests/" + image.artifact().digest(),
          MediaTypes.OCI_MANIFEST);
      assertEquals(RecipeKind.DOCKERFILE.artifactType(), artifact.path("artifactType").asText());
      assertEquals(image.manifest().digest().toString(), artifact.path("subject").path("digest").asText());

      // loading again changes nothing: same digests, blobs skipped
      Run again = run("--url", registry.url, bio.toString());
      assertEquals(0, again.status(), again.err());
    }
  }

  @Test
  void allCorpusRecipes_buildValidImagesUnderDistinctNames() {
    RecipeReader reader = new RecipeReader();
    Set<String> names = new HashSet<>();
    List<RecipeFile> files = CorpusImages.all();
    assertEquals(1668 + 251, files.size());
    for (RecipeFile file : files) {
      assertTrue(names.add(file.repository() + ":" + file.tag()), "two recipes named " + file.repository() + ":"
          + file.tag());
      RecipeImage image = CorpusImages.build(reader, file);
      Manifest manifest = Manifest.parse(image.manifest().bytes(), MediaTypes.OCI_MANIFEST);
      Manifest artifact = Manifest.parse(image.artifact().bytes(), MediaTypes.OCI_MANIFEST);
      assertEquals(image.manifest().digest(), artifact.subject().digest());
      assertEquals(file.kind().artifactType(), artifact.artifactType());
      assertEquals(1, manifest.layers().size());
    }
  }

  @Test
  void basicAuthAndTransientFailures_credentialsSentAndRetried() throws Exception {
    String expected = "Basic " + Base64.getEncoder().encodeToString("curator:secret".getBytes(StandardCharsets.UTF_8));
    AtomicInteger unavailable = new AtomicInteger();
    AtomicInteger manifests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      exchange.getRequestBody().readAllBytes();
      int status;
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"arca\"");
        status = 401;
      } else if (path.equals("/v2/")) {
        status = 200;
      } else if (exchange.getRequestMethod().equals("HEAD")) {
        status = 404;
      } else if (exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().add("Location", "/upload/1?state=x");
        status = 202;
      } else if (path.startsWith("/upload/")) {
        status = unavailable.getAndIncrement() == 0 ? 503 : 201; // one hiccup, then fine
      } else if (path.contains("/manifests/")) {
        manifests.incrementAndGet();
        status = 201;
      } else {
        status = 404; // no search status: the loader does not wait for an index
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try {
      Path recipes = Files.createDirectories(dir.resolve("recipes/tool/1.0"));
      Files.writeString(recipes.resolve("Dockerfile"), "FROM debian:12\nLABEL software=tool\n");
      String url = "http://127.0.0.1:" + server.getAddress().getPort();

      Run refused = run("--url", url, dir.resolve("recipes").toString());
      assertEquals(1, refused.status());
      assertTrue(refused.err().contains("asks for credentials"), refused.err());

      Run loaded = run("--url", url, "--user", "curator", "--password", "secret", dir.resolve("recipes").toString());
      assertEquals(0, loaded.status(), loaded.err());
      assertEquals(2, manifests.get(), "the image and its recipe artifact");
      assertTrue(unavailable.get() > 4, "every blob uploaded, the first after a retry");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void badUsageAndUnreachableRegistry_clearMessages() throws Exception {
    Run usage = run("--url");
    assertEquals(2, usage.status());
    assertTrue(usage.err().contains("--url needs a value"), usage.err());
    assertEquals(2, run("--url", "http://127.0.0.1:1", dir.resolve("missing").toString()).status());

    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Run unreachable = run("--url", "http://127.0.0.1:" + closedPort, dir.toString());
    assertEquals(1, unreachable.status());
    assertTrue(unreachable.err().contains("cannot connect"), unreachable.err());
  }
}
