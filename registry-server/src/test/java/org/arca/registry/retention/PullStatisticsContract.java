package org.arca.registry.retention;

import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import org.arca.core.MediaTypes;
import org.arca.registry.retention.RetentionContract.Image;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pull statistics over real HTTP: every manifest GET counts, per tag and per manifest, and a HEAD does not. The
 * subclasses answer manifests through the Netty fast path and through the Micronaut controllers, which both count.
 */
abstract class PullStatisticsContract {
  @Inject
  EmbeddedServer server;
  @Inject
  PullStatistics pulls;

  OciClient client;

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  @Test
  void pullStatistics_countEveryGetPerTagAndManifest_butNoHead() {
    String repository = repository("stats");
    Image image = RetentionContract.push(client, repository, "v1");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, RetentionContract.pull(client, repository, "v1").status());
      assertEquals(200, client.head("/v2/" + repository + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST)
          .status());
    }
    assertEquals(200, RetentionContract.pull(client, repository, image.digest().toString()).status());
    pulls.flush();
    assertEquals(200, RetentionContract.pull(client, repository, "v1").status());
    pulls.flush();

    JsonNode stats = RetentionContract.json(client.get("/api/v1/retention/pulls?repository=" + repository)).get("pulls");
    assertEquals(4, stats.get("v1").get("pullCount").asLong(), stats::toString);
    assertEquals(5, stats.get(image.digest().toString()).get("pullCount").asLong(), stats::toString);
    assertNotNull(stats.get("v1").get("lastPulledAt").asText());
  }
}
