package org.arca.registry.features;

import static org.arca.registry.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.AnnotationKeys;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images pushed with a real client are converted to SIF in the background and served where HPC centres look:
 * {@code oras://HOST/sif/<repository>:<tag>} (checked with the artifact's exact shape and fetched with skopeo) and
 * plain HTTPS (checked with curl and a range). siftool and unsquashfs read what comes back.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SifConversionTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @TempDir
  Path work;

  private OciClient client;
  private String host;
  private Path debian;

  @Override
  public Map<String, String> getProperties() {
    return conversionProperties(TestDatabases.h2());
  }

  static Map<String, String> conversionProperties(Map<String, String> base) {
    Map<String, String> properties = new HashMap<>(base);
    properties.put("arca.jobs.poll-interval", "200ms");
    properties.put("arca.converter.source-host", "arca.test");
    return properties;
  }

  @BeforeAll
  void setUp() {
    client = new OciClient(URI.create(server.getURL().toString()));
    host = server.getHost() + ":" + server.getPort();
    debian = Processes.debianMinbase();
  }

  private static void skopeo(String... arguments) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
        "--dest-tls-verify=false"));
    command.addAll(List.of(arguments));
    run(command);
  }

  private static JsonNode json(OciClient.Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }

  /** Waits until every conversion of the repository is finished and returns them. */
  private static JsonNode conversions(OciClient client, String repository, int expected) {
    Await.until(Duration.ofMinutes(3), expected + " conversions of " + repository, () -> {
      JsonNode list = json(client.get("/api/v1/sif/conversions?repository=" + repository));
      if (list.size() < expected) {
        return false;
      }
      for (JsonNode conversion : list) {
        String state = conversion.get("state").asText();
        if (!state.equals("done") && !state.equals("failed")) {
          return false;
        }
      }
      return true;
    });
    return json(client.get("/api/v1/sif/conversions?repository=" + repository));
  }

  @Test
  void pushedImage_isConvertedAndServedThroughOrasAndHttps() throws Exception {
    skopeo("oci:" + debian + ":bookworm", "docker://" + host + "/library/debian:bookworm");
    String image = client.head("/v2/library/debian/manifests/bookworm", "Accept", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest").orElseThrow();
    JsonNode conversion = conversions(client, "library/debian", 1).get(0);
    assertEquals("done", conversion.get("state").asText(), conversion.toString());
    assertEquals(image, conversion.get("digest").asText());
    Digest sif = Digest.parse(conversion.get("sif").asText());

    // the artifact, exactly as apptainer push oras:// stores one, with the image as subject
    OciClient.Response response = client.get("/v2/sif/library/debian/manifests/bookworm",
        "Accept", MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX);
    assertEquals(200, response.status(), response::toString);
    JsonNode artifact = json(response);
    assertEquals(MediaTypes.OCI_MANIFEST, artifact.get("mediaType").asText());
    assertEquals(MediaTypes.SIF_CONFIG, artifact.get("config").get("mediaType").asText());
    assertEquals(MediaTypes.EMPTY_JSON_DIGEST.toString(), artifact.get("config").get("digest").asText());
    assertEquals(2, artifact.get("config").get("size").asInt());
    assertEquals(1, artifact.get("layers").size());
    JsonNode layer = artifact.get("layers").get(0);
    assertEquals(MediaTypes.SIF_LAYER, layer.get("mediaType").asText());
    assertEquals(sif.toString(), layer.get("digest").asText());
    assertEquals("debian_" + Digest.parse(image).shortHex() + ".sif",
        layer.get("annotations").get("org.opencontainers.image.title").asText());
    assertEquals(image, artifact.get("subject").get("digest").asText());
    assertEquals("1", artifact.get("annotations").get(AnnotationKeys.CONVERTER_VERSION).asText());
    JsonNode referrers = json(client.get("/v2/sif/library/debian/referrers/" + image + "?artifactType="
        + java.net.URLEncoder.encode(MediaTypes.SIF_CONFIG, StandardCharsets.UTF_8))).get("manifests");
    assertEquals(response.header("Docker-Content-Digest").orElseThrow(), referrers.get(0).get("digest").asText());

    // an OCI client fetches the layer by digest through the sif/ namespace
    Path pulled = work.resolve("oras-pull");
    skopeo("docker://" + host + "/sif/library/debian:bookworm", "dir:" + pulled);
    Path sifFile = pulled.resolve(sif.hex());
    assertEquals(sif, digestOf(sifFile));
    String listing = run("siftool", "list", sifFile.toString());
    assertTrue(listing.contains("Squashfs") && listing.contains("Def.FILE") && listing.contains("JSON.Generic"),
        listing);
    assertTrue(run("siftool", "info", "1", sifFile.toString()).contains("Def.FILE"));
    assertTrue(run("siftool", "dump", "1", sifFile.toString()).contains("bootstrap: docker"));
    Path partition = work.resolve("partition.sqfs");
    String dump = run("sh", "-c", "siftool dump 4 " + sifFile + " > " + partition);
    assertTrue(dump.isEmpty(), dump);
    String squashfs = run("unsquashfs", "-s", partition.toString());
    assertTrue(squashfs.contains("Filesystem size"), squashfs);
    assertTrue(run("unsquashfs", "-l", partition.toString()).contains("/.singularity.d/runscript"));

    // plain HTTPS, as curl and wget users download it
    Path downloaded = work.resolve("debian.sif");
    String headers = run("curl", "-sS", "-D", "-", "-o", downloaded.toString(),
        server.getURL() + "/sif/library/debian/bookworm.sif");
    assertTrue(headers.contains("Content-Disposition: attachment; filename=\"debian_bookworm.sif\""), headers);
    assertTrue(headers.contains("Docker-Content-Digest: " + sif), headers);
    assertEquals(sif, digestOf(downloaded));
    Path head = work.resolve("head.bin");
    String partial = run("curl", "-sS", "-D", "-", "-r", "32-41", "-o", head.toString(),
        server.getURL() + "/sif/library/debian/bookworm.sif");
    assertTrue(partial.startsWith("HTTP/1.1 206"), partial);
    assertArrayEquals("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(head));
  }

  @Test
  void conversion_givesTheSameSifOnAFreshServer() throws Exception {
    skopeo("oci:" + debian + ":bookworm", "docker://" + host + "/repro/debian:bookworm");
    String first = conversions(client, "repro/debian", 1).get(0).get("sif").asText();
    Map<String, Object> other = new HashMap<>(conversionProperties(TestDatabases.h2()));
    try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, other, "test")) {
      OciClient secondClient = new OciClient(URI.create(second.getURL().toString()));
      skopeo("oci:" + debian + ":bookworm", "docker://" + second.getHost() + ":" + second.getPort()
          + "/repro/debian:bookworm");
      String again = conversions(secondClient, "repro/debian", 1).get(0).get("sif").asText();
      assertEquals(first, again, "the same source and converter version give a byte-identical SIF");
    }
  }

  @Test
  void multiPlatformIndex_getsOneSifPerPlatform() throws Exception {
    Path layout = work.resolve("multi");
    Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    ObjectNode list = OciJson.MAPPER.createObjectNode();
    list.put("schemaVersion", 2);
    list.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = list.putArray("manifests");
    for (String arch : List.of("amd64", "arm64")) {
      HelloImage image = helloImage(arch);
      for (byte[] blob : List.of(image.layer(), image.config(), image.manifest())) {
        Files.write(layout.resolve("blobs/sha256/" + Digest.sha256(blob).hex()), blob);
      }
      ObjectNode child = manifests.addObject();
      child.put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", Digest.sha256(image.manifest()).toString())
          .put("size", image.manifest().length);
      child.putObject("platform").put("architecture", arch).put("os", "linux");
    }
    byte[] listBytes = OciJson.bytes(list);
    Files.write(layout.resolve("blobs/sha256/" + Digest.sha256(listBytes).hex()), listBytes);
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_INDEX + "\",\"digest\":\"" + Digest.sha256(listBytes) + "\",\"size\":" + listBytes.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"multi\"}}]}");
    skopeo("--all", "oci:" + layout + ":multi", "docker://" + host + "/tools/hello:multi");

    JsonNode done = conversions(client, "tools/hello", 2);
    assertEquals(2, done.size());
    done.forEach(c -> assertEquals("done", c.get("state").asText(), c.toString()));
    JsonNode sifIndex = json(client.get("/v2/sif/tools/hello/manifests/multi", "Accept", MediaTypes.OCI_INDEX));
    assertEquals(2, sifIndex.get("manifests").size());
    assertEquals("amd64", sifIndex.get("manifests").get(0).get("platform").get("architecture").asText());
    assertEquals("arm64", sifIndex.get("manifests").get(1).get("platform").get("architecture").asText());
    OciClient.Response arm = client.get("/sif/tools/hello/multi.sif?platform=linux/arm64");
    assertEquals(200, arm.status());
    Path armFile = work.resolve("arm.sif");
    Files.write(armFile, arm.body());
    assertTrue(run("siftool", "header", armFile.toString()).contains("arm64"));
  }

  /** A one-layer image whose {@code /bin/hello} echoes its architecture: quick to convert. */
  private record HelloImage(byte[] layer, byte[] config, byte[] manifest) {}

  private HelloImage helloImage(String arch) throws IOException {
    // Layers made with tar: umoci 0.4.7's insert writes tiny layers without the end-of-archive blocks.
    Path content = work.resolve("content-" + arch);
    Files.createDirectories(content.resolve("bin"));
    Files.writeString(content.resolve("bin/hello"), "#!/bin/sh\necho " + arch + "\n");
    Path tar = work.resolve("layer-" + arch + ".tar.gz");
    run("tar", "-czf", tar.toString(), "-C", content.toString(), "bin");
    byte[] layer = Files.readAllBytes(tar);
    byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
        + "\"config\":{\"Cmd\":[\"/bin/hello\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + digestOf(gunzip(tar)) + "\"]}}").getBytes(StandardCharsets.UTF_8);
    byte[] manifest = TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
    return new HelloImage(layer, config, manifest);
  }

  @Test
  void reconversion_reportsTheSifFileDigestAsTheFirstConversionDid_andTheHpcGuidesCheckHolds() throws Exception {
    String repository = "again/hello";
    HelloImage image = helloImage("amd64");
    client.pushBlob(repository, image.layer());
    client.pushBlob(repository, image.config());
    client.pushManifest(repository, "1.0", image.manifest(), MediaTypes.OCI_MANIFEST);
    JsonNode first = conversions(client, repository, 1).get(0);
    assertEquals("done", first.get("state").asText(), first.toString());

    OciClient.Response requested = client.post("/api/v1/sif/conversions",
        "{\"repository\":\"again/hello\",\"reference\":\"1.0\",\"again\":true}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertEquals(202, requested.status(), requested::toString);
    JsonNode again = conversions(client, repository, 1).get(0);
    assertEquals("done", again.get("state").asText(), again.toString());
    assertTrue(Instant.parse(again.get("updatedAt").asText())
        .isAfter(Instant.parse(first.get("updatedAt").asText())), "ran again: " + first + " " + again);

    assertEquals(first.get("sif").asText(), again.get("sif").asText(), "the same SIF, named the same way");
    // the HPC guide's check: the digest the API reports is the downloaded file's sha256sum and the download's
    // Docker-Content-Digest
    Path downloaded = work.resolve("hello.sif");
    String headers = run("curl", "-fsSL", "-D", "-", "-o", downloaded.toString(),
        server.getURL() + "/sif/" + repository + "/1.0.sif");
    String sha256sum = run("sha256sum", downloaded.toString()).split(" ")[0];
    assertEquals("sha256:" + sha256sum, again.get("sif").asText());
    assertTrue(headers.contains("Docker-Content-Digest: " + again.get("sif").asText()), headers);
  }

  @Test
  void unreadableImage_failsWithItsReasonVisible() {
    String repository = "broken/image";
    byte[] layer = TestImages.randomBytes(4096); // announced as gzip, but is not
    byte[] config = TestImages.config("amd64");
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    client.pushManifest(repository, "v1", TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer))), MediaTypes.OCI_MANIFEST);
    JsonNode conversion = conversions(client, repository, 1).get(0);
    assertEquals("failed", conversion.get("state").asText(), conversion.toString());
    assertEquals(1, conversion.get("attempts").asInt(), "an unreadable layer is not retried");
    assertTrue(conversion.get("error").asText().startsWith("cannot convert " + repository), conversion.toString());
    assertEquals(404, client.get("/v2/sif/" + repository + "/manifests/v1").status());
  }

  private Path gunzip(Path gz) throws IOException {
    Path tar = Path.of(gz.toString().replace(".tar.gz", ".tar"));
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
      Files.copy(in, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return tar;
  }

  private static Digest digestOf(Path file) throws IOException {
    java.security.MessageDigest sha = Digest.newMessageDigest("sha256");
    try (var in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return Digest.of(sha.digest(), "sha256");
  }
}
