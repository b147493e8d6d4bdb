package org.arca.registry.sif;

import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.index;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The read-only {@code sif/} namespace and {@code /sif/...sif} downloads, over SIF artifacts stored exactly as
 * {@code apptainer push oras://} stores them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SifMirrorTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  OciClient client;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  record Pushed(Digest image, byte[] imageManifest, Digest sifManifest, byte[] sif) {}

  /** Pushes an image and, as the converter does, a SIF artifact whose subject is that image. */
  Pushed pushImageWithSif(String repository, String tag, String architecture) {
    byte[] layer = randomBytes(512);
    byte[] cfg = config(architecture);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, cfg);
    byte[] image = manifest(descriptor(MediaTypes.OCI_CONFIG, cfg), List.of(descriptor(MediaTypes.OCI_LAYER_GZIP,
        layer)));
    Digest imageDigest = client.pushManifest(repository, tag, image, MediaTypes.OCI_MANIFEST);
    byte[] sif = ("SIF_MAGIC for " + architecture + " ").repeat(200).getBytes(StandardCharsets.UTF_8);
    byte[] emptyConfig = "{}".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, sif);
    client.pushBlob(repository, emptyConfig);
    Descriptor sifLayer = new Descriptor(MediaTypes.SIF_LAYER, Digest.sha256(sif), sif.length, null,
        annotations("org.opencontainers.image.title", tag + ".sif"), null, null);
    byte[] artifact = manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.SIF_CONFIG, Digest.sha256(emptyConfig),
        2), List.of(sifLayer), new Descriptor(MediaTypes.OCI_MANIFEST, imageDigest, image.length), null,
        annotations("org.opencontainers.image.created", "2026-11-25T00:00:00Z"));
    Digest sifManifest = client.pushManifest(repository, Digest.sha256(artifact).toString(), artifact,
        MediaTypes.OCI_MANIFEST);
    return new Pushed(imageDigest, image, sifManifest, sif);
  }

  @Test
  void sifMirror_resolvesTagsAndDigestsOfTheSourceToItsSif() {
    String repository = repository("hpc");
    Pushed pushed = pushImageWithSif(repository, "1.0", "amd64");
    for (String reference : List.of("1.0", pushed.image().toString(), pushed.sifManifest().toString())) {
      Response response = client.get("/v2/sif/" + repository + "/manifests/" + reference);
      assertEquals(200, response.status(), response::toString);
      assertEquals(pushed.sifManifest().toString(), response.header("Docker-Content-Digest").orElseThrow());
      assertEquals(pushed.sifManifest(), Digest.sha256(response.body()));
    }
    Response blob = client.get("/v2/sif/" + repository + "/blobs/" + Digest.sha256(pushed.sif()));
    assertArrayEquals(pushed.sif(), blob.body());
    JsonNode tags = json(client.get("/v2/sif/" + repository + "/tags/list"));
    assertEquals("1.0", tags.get("tags").get(0).asText());
  }

  @Test
  void sifMirror_ofAMultiPlatformIndex_listsEachPlatformsSif() {
    String repository = repository("hpc");
    Pushed amd = pushImageWithSif(repository, "amd", "amd64");
    Pushed arm = pushImageWithSif(repository, "arm", "arm64");
    byte[] list = index(MediaTypes.OCI_INDEX, List.of(
        new Descriptor(MediaTypes.OCI_MANIFEST, arm.image(), arm.imageManifest().length, null, null,
            new Platform("linux", "arm64"), null),
        new Descriptor(MediaTypes.OCI_MANIFEST, amd.image(), amd.imageManifest().length, null, null,
            new Platform("linux", "amd64"), null)), null);
    client.pushManifest(repository, "multi", list, MediaTypes.OCI_INDEX);
    Response response = client.get("/v2/sif/" + repository + "/manifests/multi");
    assertEquals(MediaTypes.OCI_INDEX, response.header("Content-Type").orElseThrow());
    JsonNode manifests = json(response).get("manifests");
    assertEquals(2, manifests.size());
    assertEquals("amd64", manifests.get(0).get("platform").get("architecture").asText());
    assertEquals(amd.sifManifest().toString(), manifests.get(0).get("digest").asText());
    assertEquals(arm.sifManifest().toString(), manifests.get(1).get("digest").asText());
    assertEquals(MediaTypes.SIF_CONFIG, manifests.get(1).get("artifactType").asText());
    Response download = client.get("/sif/" + repository + "/multi.sif?platform=linux/arm64");
    assertArrayEquals(arm.sif(), download.body());
  }

  @Test
  void sifMirror_isReadOnlyAndSaysWhenThereIsNoSifYet() {
    String repository = repository("hpc");
    pushImageWithSif(repository, "1.0", "amd64");
    Response push = client.post("/v2/sif/" + repository + "/blobs/uploads/", null);
    assertEquals(405, push.status());
    assertEquals("UNSUPPORTED", push.errorCode());
    assertEquals(405, client.put("/v2/sif/" + repository + "/manifests/x", "{}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", MediaTypes.OCI_MANIFEST).status());
    assertEquals(405, client.delete("/v2/sif/" + repository + "/manifests/1.0").status());
    String plain = repository("hpc");
    byte[] cfg = config("amd64");
    client.pushBlob(plain, cfg);
    client.pushManifest(plain, "v1", manifest(descriptor(MediaTypes.OCI_CONFIG, cfg), List.of()),
        MediaTypes.OCI_MANIFEST);
    Response none = client.get("/v2/sif/" + plain + "/manifests/v1");
    assertEquals(404, none.status());
    assertEquals("MANIFEST_UNKNOWN", none.errorCode());
    assertTrue(none.text().contains("no SIF of " + plain + ":v1 ("), none.text());
  }

  @Test
  void httpsDownload_servesTheSifWithNameDigestAndRanges() {
    String repository = repository("hpc") + "/samtools";
    Pushed pushed = pushImageWithSif(repository, "1.17", "amd64");
    Response download = client.get("/sif/" + repository + "/1.17.sif");
    assertEquals(200, download.status(), download::toString);
    assertArrayEquals(pushed.sif(), download.body());
    assertEquals("attachment; filename=\"samtools_1.17.sif\"", download.header("Content-Disposition").orElseThrow());
    Digest sif = Digest.sha256(pushed.sif());
    assertEquals(sif.toString(), download.header("Docker-Content-Digest").orElseThrow());
    assertEquals("sha-256=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sif.hex())),
        download.header("Digest").orElseThrow());
    Response byDigest = client.get("/sif/" + repository + "/" + pushed.image() + ".sif");
    assertArrayEquals(pushed.sif(), byDigest.body());
    Response part = client.get("/sif/" + repository + "/1.17.sif", "Range", "bytes=10-29");
    assertEquals(206, part.status());
    assertArrayEquals(Arrays.copyOfRange(pushed.sif(), 10, 30), part.body());
    assertEquals(404, client.get("/sif/" + repository + "/nope.sif").status());
  }

  private static JsonNode json(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
