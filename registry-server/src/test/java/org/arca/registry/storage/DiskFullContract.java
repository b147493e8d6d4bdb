package org.arca.registry.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Below {@code arca.storage.reserve} free bytes, every way of writing is refused with DENIED and a message saying the
 * disk is full, nothing is left behind, reads go on, and writing works again as soon as there is room. Run through
 * Micronaut's controllers and through the Netty fast path by the subclasses.
 */
abstract class DiskFullContract {
  private static final long RESERVE = 1 << 20;

  @Inject
  EmbeddedServer server;
  @Inject
  FakeDiskSpace disk;
  @Inject
  ArcaConfiguration config;

  OciClient client;

  static Map<String, String> properties(boolean fastPath) {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.test.fake-disk", "true");
    properties.put("arca.storage.reserve", "1MB");
    properties.put("arca.registry.fast-path", Boolean.toString(fastPath));
    return properties;
  }

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  @AfterEach
  void room() {
    disk.setFree(Long.MAX_VALUE);
  }

  @Test
  void belowReserve_pushRefusedWithDenied_pullsStillServed() {
    byte[] layer = TestImages.randomBytes(5000);
    Digest layerDigest = client.pushBlob("full/pull", layer);
    byte[] config = TestImages.config("amd64");
    client.pushBlob("full/pull", config);
    byte[] manifest = TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length)));
    client.pushManifest("full/pull", "v1", manifest, MediaTypes.OCI_MANIFEST);

    disk.setFree(RESERVE - 1);

    assertDiskFull(client.post("/v2/full/pull/blobs/uploads/", null));
    byte[] other = TestImages.randomBytes(3000);
    assertDiskFull(client.post("/v2/full/pull/blobs/uploads/?digest=" + Digest.sha256(other), other,
        "Content-Type", "application/octet-stream"));
    assertDiskFull(client.put("/v2/full/pull/manifests/v2", manifest, "Content-Type", MediaTypes.OCI_MANIFEST));
    assertDiskFull(client.post("/v2/full/other/blobs/uploads/?mount=" + layerDigest + "&from=full/pull", null));
    assertEquals(List.of(), uploadFiles());

    OciClient.Response pulled = client.get("/v2/full/pull/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(200, pulled.status(), pulled::toString);
    OciClient.Response blob = client.get("/v2/full/pull/blobs/" + layerDigest);
    assertEquals(200, blob.status(), blob::toString);
    assertEquals(layerDigest, Digest.sha256(blob.body()));
    assertEquals(200, client.get("/v2/full/pull/tags/list").status());

    disk.setFree(Long.MAX_VALUE);
    client.pushBlob("full/pull", other);
    client.pushManifest("full/pull", "v2", manifest, MediaTypes.OCI_MANIFEST);
  }

  @Test
  void chunkThatWouldCrossTheReserve_refusedBeforeItsBody_uploadResumesWhenThereIsRoom() {
    byte[] content = TestImages.randomBytes(400_000);
    String location = client.post("/v2/full/chunks/blobs/uploads/", null).header("Location").orElseThrow();
    OciClient.expect(client.patch(location, Arrays.copyOf(content, 100_000), "Content-Range", "0-99999",
        "Content-Type", "application/octet-stream"), 202);

    disk.setFree(RESERVE + 200_000); // room for the first chunk's size, not for the next 300,000 bytes
    OciClient.Response refused = client.patch(location, Arrays.copyOfRange(content, 100_000, 400_000),
        "Content-Range", "100000-399999", "Content-Type", "application/octet-stream");
    assertDiskFull(refused);
    assertTrue(refused.text().contains("the request brings 293.0 KiB"), refused::toString);
    OciClient.Response status = client.get(location);
    assertEquals("0-99999", status.header("Range").orElseThrow(), status::toString);

    disk.setFree(Long.MAX_VALUE);
    OciClient.Response put = client.put(OciClient.withQuery(location, "digest=" + Digest.sha256(content)),
        Arrays.copyOfRange(content, 100_000, 400_000), "Content-Range", "100000-399999",
        "Content-Type", "application/octet-stream");
    assertEquals(201, put.status(), put::toString);
    assertEquals(List.of(), uploadFiles());
  }

  @Test
  void bodyOfUnknownLength_cutOffWhenItsOwnBytesReachTheReserve_leavesNothing() {
    byte[] content = TestImages.randomBytes(1_000_000);
    Digest digest = Digest.sha256(content);
    disk.setFree(RESERVE + 300_000); // measured once: only the upload's own bytes, as they are written, use it up
    OciClient.Response refused = client.send(HttpRequest.newBuilder(
            client.base().resolve("/v2/full/stream/blobs/uploads/?digest=" + digest))
        .header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)))
        .build());
    assertDiskFull(refused);
    Await.until(Duration.ofSeconds(10), "the cut-off upload's bytes to be dropped", () -> uploadFiles().isEmpty());
    assertEquals(404, client.head("/v2/full/stream/blobs/" + digest).status());
  }

  @Test
  void diskFilledByAnotherProgramSinceTheLastMeasurement_databaseChangeRefused_noUploadFileLeft() {
    disk.setFree(Long.MAX_VALUE);
    disk.fillUnseen(0); // the uploads' one-second-old measurement still shows room; a database change measures again
    assertDiskFull(client.post("/v2/full/race/blobs/uploads/", null));
    assertEquals(List.of(), uploadFiles());
  }

  @Test
  void health_reportsTheDataDirectory_downBelowTheReserve() throws IOException {
    OciClient.Response up = client.get("/health");
    assertEquals(200, up.status(), up::toString);
    JsonNode details = OciJson.MAPPER.readTree(up.body()).get("details").get("diskSpace").get("details");
    assertEquals(config.dataDir().toAbsolutePath().normalize().toString(), details.get("path").asText());
    assertEquals(RESERVE, details.get("reserve").asLong());

    disk.setFree(RESERVE - 1);
    OciClient.Response down = client.get("/health");
    assertEquals(503, down.status(), down::toString);
    JsonNode diskSpace = OciJson.MAPPER.readTree(down.body()).get("details").get("diskSpace");
    assertEquals("DOWN", diskSpace.get("status").asText(), down::toString);
    assertEquals(RESERVE - 1, diskSpace.get("details").get("free").asLong(), down::toString);
  }

  @Test
  void prometheus_reportsTheDataDirectorysFreeSpaceAndReserve_withoutCredentials() {
    disk.setFree(RESERVE - 1);
    OciClient.Response metrics = client.get("/prometheus");
    assertEquals(200, metrics.status(), metrics::toString);
    String path = config.dataDir().toAbsolutePath().normalize().toString();
    assertTrue(metrics.text().contains("arca_data_dir_free_bytes{path=\"" + path + "\"} " + (double) (RESERVE - 1)),
        metrics::text);
    assertTrue(metrics.text().contains("arca_data_dir_reserve_bytes{path=\"" + path + "\"} " + (double) RESERVE),
        metrics::text);
    assertTrue(metrics.text().contains("jvm_memory_used_bytes"), "JVM figures are there too");
  }

  private static void assertDiskFull(OciClient.Response response) {
    assertEquals(403, response.status(), response::toString);
    assertEquals("DENIED", response.errorCode(), response::toString);
    assertTrue(response.text().contains("the registry's disk is full"), response::toString);
  }

  private List<String> uploadFiles() {
    try (Stream<Path> files = Files.list(config.dataDir().resolve("uploads"))) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
