package org.arca.registry.features;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Search inside the server: pushed images are found, and nobody sees hits from repositories they cannot read. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchAccessTest implements TestPropertyProvider {
  private static final String PASSWORD = "search-test-password";

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", "admin-password-for-tests");
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  private byte[] image(OciClient client, String repository, String software) {
    byte[] layer = randomBytes(256);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"software\":\"" + software
        + "\",\"about.summary\":\"" + software + " does research things\"}},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    return manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
  }

  private static int total(OciClient.Response response) {
    try {
      JsonNode body = OciJson.MAPPER.readTree(response.body());
      return body.get("total").asInt();
    } catch (java.io.IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }

  @Test
  void searchHidesPrivateRepositoriesFromThoseWhoCannotReadThem() {
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", "admin-password-for-tests");
    for (String user : List.of("vera", "walt")) {
      OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    }
    OciClient vera = anonymous.withBasic("vera", PASSWORD);
    vera.pushManifest("vera/openthing", "1.0", image(vera, "vera/openthing", "openthingtool"), MediaTypes.OCI_MANIFEST);
    vera.pushManifest("vera/hidden", "1.0", image(vera, "vera/hidden", "zanzibartool"), MediaTypes.OCI_MANIFEST);
    OciClient.expect(vera.put("/api/v1/repositories/vera/hidden/visibility",
        "{\"visibility\":\"private\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 200);

    Await.until(Duration.ofSeconds(60), "both images to be indexed",
        () -> total(vera.get("/api/v1/search?q=openthingtool")) == 1
            && total(vera.get("/api/v1/search?q=zanzibartool")) == 1);
    assertEquals(1, total(anonymous.get("/api/v1/search?q=openthingtool")));
    assertEquals(0, total(anonymous.get("/api/v1/search?q=zanzibartool")), "anonymous sees no private hit");
    assertEquals(0, total(anonymous.withBasic("walt", PASSWORD).get("/api/v1/search?q=zanzibartool")));
    assertEquals(1, total(admin.get("/api/v1/search?q=zanzibartool")));
    assertEquals(401, anonymous.post("/api/v1/search/rebuild", null).status());
    assertEquals(403, vera.post("/api/v1/search/rebuild", null).status());
    assertEquals(202, admin.post("/api/v1/search/rebuild", null).status());
  }
}
