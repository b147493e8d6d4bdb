package org.arca.registry.quota;

import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Namespace quotas over real HTTP: usage with shared and unique bytes, and a refused push seen by skopeo. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  private OciClient client;
  private String host;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.search.enabled", "false");
    return properties;
  }

  @BeforeAll
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
    host = server.getHost() + ":" + server.getPort();
  }

  private JsonNode setQuota(String namespace, String body) {
    OciClient.Response response = client.put("/api/v1/namespaces/" + namespace + "/quota",
        body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertEquals(200, response.status(), response.toString());
    return json(response);
  }

  private static JsonNode json(OciClient.Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }

  private OciClient.Response pushImage(String repository, byte[] layer) {
    client.pushBlob(repository, layer);
    byte[] config = TestImages.config("amd64");
    client.pushBlob(repository, config);
    byte[] manifest = TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
    return client.put("/v2/" + repository + "/manifests/v1", manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
  }

  @Test
  void pushOverRejectThreshold_isDeniedWithTheNumbers_andUsageCountsSharedBytesOnce() {
    setQuota("lab", "{\"warningBytes\": 8192, \"rejectBytes\": 12288}");
    byte[] first = randomBytes(6144);
    assertEquals(201, pushImage("lab/first", first).status());
    assertEquals(201, pushImage("lab/again", first).status(), "the same layer again adds no bytes");
    assertEquals(201, pushImage("elsewhere/copy", first).status());

    OciClient.Response refused = pushImage("lab/second", randomBytes(7000));

    assertEquals(403, refused.status(), refused.toString());
    assertEquals("DENIED", refused.errorCode());
    assertTrue(refused.text().contains("quota of lab: 6.") && refused.text().contains(" of 12 KiB used; this image"
        + " adds 6.8 KiB"), refused.text());
    assertEquals(404, client.get("/v2/lab/second/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST).status());
    JsonNode usage = json(client.get("/api/v1/namespaces/lab/quota"));
    long config = TestImages.config("amd64").length;
    assertEquals(6144 + config, usage.get("usedBytes").asLong(), usage.toString());
    assertEquals(6144 + config, usage.get("sharedBytes").asLong(), "layer and config are in elsewhere/ too");
    assertEquals(0, usage.get("uniqueBytes").asLong());
    assertEquals("ok", usage.get("state").asText());
  }

  @Test
  void skopeoCopyIntoAFullNamespace_failsWithTheQuotaMessage() {
    assertEquals(201, pushImage("free/big", randomBytes(64 * 1024)).status());
    setQuota("small", "{\"rejectBytes\": 16384}");

    Processes.Result copy = Processes.runAllowingFailure(List.of("skopeo", "--insecure-policy", "copy",
        "--src-tls-verify=false", "--dest-tls-verify=false", "--retry-times", "0",
        "docker://" + host + "/free/big:v1", "docker://" + host + "/small/big:v1"), null);

    assertNotEquals(0, copy.exitCode(), copy.output());
    assertTrue(copy.output().contains("quota of small: 0 of 16 KiB used; this image adds 64"), copy.output());
    assertEquals(404, client.get("/v2/small/big/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST).status());
  }

  @Test
  void warningAboveReject_isRefusedWithA400() {
    OciClient.Response response = client.put("/api/v1/namespaces/lab2/quota",
        "{\"warningBytes\": 10, \"rejectBytes\": 5}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertEquals(400, response.status(), response.toString());
    assertTrue(response.text().contains("above the reject threshold"), response.text());
  }
}
