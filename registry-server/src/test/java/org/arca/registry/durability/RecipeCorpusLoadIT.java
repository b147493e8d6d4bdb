package org.arca.registry.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way to try Arca with real content: {@code java -jar arca.jar load-recipes} turns both recipe corpora
 * (1,668 BioContainers Dockerfiles and the Damona definition files) into images in a running Arca with accounts,
 * and search then finds tools by name.
 */
class RecipeCorpusLoadIT {
  @TempDir
  Path dataDir;

  @Test
  void loadRecipes_loadsBothCorporaAndSearchFindsThem() throws Exception {
    Path corpus = Processes.repositoryRoot().resolveSibling("shared").resolve("corpus");
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx512m"),
        Map.of("ARCA_AUTH_ENABLED", "true", "ARCA_ADMIN_PASSWORD", "corpus-admin-password"))) {
      OciClient admin = new OciClient(arca.url()).withBasic("admin", "corpus-admin-password");
      OciClient.expect(admin.post("/api/v1/users", "{\"name\":\"corpus\",\"password\":\"corpus-password\"}"
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
      String output = Processes.run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          System.getProperty("arca.jar", "target/arca.jar"), "load-recipes", "--url", arca.url().toString(),
          "--user", "corpus", "--password", "corpus-password", "--namespace", "corpus",
          corpus.resolve("biocontainers").toString(), corpus.resolve("damona/recipes").toString());
      assertTrue(output.contains("; 0 failed"), output);

      OciClient reader = new OciClient(arca.url());
      JsonNode catalog = OciJson.MAPPER.readTree(admin.get("/v2/_catalog?n=5000").body());
      assertTrue(catalog.get("repositories").size() > 500, "one repository per tool");
      Await.until(Duration.ofMinutes(5), "the corpus to be indexed", () -> {
        try {
          return OciJson.MAPPER.readTree(reader.get("/api/v1/search/status").body()).path("queued").asInt(1) == 0
              && total(reader, "samtools") > 0;
        } catch (java.io.IOException e) {
          return false;
        }
      });
      JsonNode hits = OciJson.MAPPER.readTree(reader.get("/api/v1/search?q=samtools").body()).get("hits");
      assertEquals("corpus/samtools", hits.get(0).get("repository").asText());
      JsonNode trna = OciJson.MAPPER.readTree(reader.get("/api/v1/search?q=tRNA%20detection").body()).get("hits");
      boolean found = false;
      for (int i = 0; i < Math.min(5, trna.size()); i++) {
        String repository = trna.get(i).get("repository").asText();
        found |= repository.contains("trnascan") || repository.contains("aragorn");
      }
      assertTrue(found, "a tRNA detection tool in the top 5: " + trna);
    }
  }

  private static int total(OciClient client, String query) throws java.io.IOException {
    return OciJson.MAPPER.readTree(client.get("/api/v1/search?q=" + query).body()).get("total").asInt();
  }
}
