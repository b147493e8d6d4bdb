package org.arca.registry.clients;

import static org.arca.registry.testing.Processes.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo, a real OCI client, copies images into Arca and back out: a Debian minbase root filesystem, a
 * multi-platform index, a Docker schema 2 image and an artifact with a subject. Every digest must survive.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SkopeoTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @TempDir
  Path work;

  private String host;
  private OciClient client;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  @BeforeAll
  void connect() {
    host = server.getHost() + ":" + server.getPort();
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  private void copy(String... arguments) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
        "--dest-tls-verify=false", "--retry-times", "0"));
    command.addAll(List.of(arguments));
    run(command);
  }

  @Test
  void debianMinbase_copiedInAndOut_keepsEveryDigest() throws IOException {
    Path layout = Processes.debianMinbase();
    copy("oci:" + layout + ":bookworm", "docker://" + host + "/library/debian:bookworm");
    Path out = work.resolve("debian-out");
    copy("docker://" + host + "/library/debian:bookworm", "oci:" + out + ":bookworm");

    assertEquals(manifestDigest(layout, "bookworm"), manifestDigest(out, "bookworm"));
    assertEquals(blobNames(layout), blobNames(out));
    for (String blob : blobNames(out)) {
      assertEquals("sha256:" + blob, Digest.sha256(Files.readAllBytes(out.resolve("blobs/sha256/" + blob))).toString());
    }
    String inspected = run("skopeo", "inspect", "--tls-verify=false", "docker://" + host + "/library/debian:bookworm");
    assertTrue(inspected.contains("\"Architecture\": \"amd64\""), inspected);
  }

  @Test
  void multiPlatformIndex_copiedWithAll_keepsIndexAndChildren() throws IOException {
    Path layout = work.resolve("multi");
    run("umoci", "init", "--layout", layout.toString());
    List<JsonNode> children = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      Path content = work.resolve("content-" + arch);
      Files.createDirectories(content.resolve("bin"));
      Files.writeString(content.resolve("bin/hello"), "#!/bin/sh\necho hello from " + arch + "\n");
      run("umoci", "new", "--image", layout + ":" + arch);
      run("umoci", "insert", "--image", layout + ":" + arch, content.toString(), "/");
      run("umoci", "config", "--image", layout + ":" + arch, "--architecture", arch, "--os", "linux");
    }
    JsonNode index = OciJson.MAPPER.readTree(layout.resolve("index.json").toFile());
    for (JsonNode entry : index.get("manifests")) {
      ObjectNode child = entry.deepCopy();
      String arch = child.get("annotations").get("org.opencontainers.image.ref.name").asText();
      child.remove("annotations");
      child.putObject("platform").put("architecture", arch).put("os", "linux");
      children.add(child);
    }
    ObjectNode list = OciJson.MAPPER.createObjectNode();
    list.put("schemaVersion", 2);
    list.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = list.putArray("manifests");
    children.forEach(manifests::add);
    byte[] listBytes = OciJson.bytes(list);
    Digest listDigest = Digest.sha256(listBytes);
    Files.write(layout.resolve("blobs/sha256/" + listDigest.hex()), listBytes);
    ObjectNode entry = ((ArrayNode) index.get("manifests")).addObject();
    entry.put("mediaType", MediaTypes.OCI_INDEX).put("digest", listDigest.toString()).put("size", listBytes.length);
    entry.putObject("annotations").put("org.opencontainers.image.ref.name", "multi");
    Files.write(layout.resolve("index.json"), OciJson.bytes(index));
    run("umoci", "gc", "--layout", layout.toString());

    copy("--all", "oci:" + layout + ":multi", "docker://" + host + "/tools/hello:multi");
    OciClient.Response served = client.get("/v2/tools/hello/manifests/multi", "Accept", MediaTypes.OCI_INDEX);
    assertEquals(listDigest.toString(), served.header("Docker-Content-Digest").orElseThrow());

    Path out = work.resolve("multi-out");
    copy("--all", "docker://" + host + "/tools/hello:multi", "oci:" + out + ":multi");
    assertEquals(listDigest.toString(), manifestDigest(out, "multi"));
    assertEquals(blobNames(layout), blobNames(out));
  }

  @Test
  void dockerSchema2Image_roundTripsAsDockerManifest() throws IOException {
    Path layout = Processes.debianMinbase();
    copy("--format", "v2s2", "oci:" + layout + ":bookworm", "docker://" + host + "/library/debian-docker:v2s2");
    OciClient.Response manifest = client.get("/v2/library/debian-docker/manifests/v2s2",
        "Accept", MediaTypes.DOCKER_MANIFEST);
    assertEquals(200, manifest.status());
    assertEquals(MediaTypes.DOCKER_MANIFEST, manifest.header("Content-Type").orElseThrow());
    Path out = work.resolve("docker-out");
    copy("docker://" + host + "/library/debian-docker:v2s2", "dir:" + out);
    byte[] pulled = Files.readAllBytes(out.resolve("manifest.json"));
    assertEquals(Digest.sha256(manifest.body()), Digest.sha256(pulled));
    JsonNode parsed = OciJson.MAPPER.readTree(pulled);
    for (JsonNode layer : parsed.get("layers")) {
      String hex = Digest.parse(layer.get("digest").asText()).hex();
      assertEquals(layer.get("digest").asText(), Digest.sha256(Files.readAllBytes(out.resolve(hex))).toString());
    }
  }

  @Test
  void artifactWithSubject_roundTripsAndIsListedAsReferrer() throws IOException {
    Path layout = Processes.debianMinbase();
    copy("oci:" + layout + ":bookworm", "docker://" + host + "/library/signed:bookworm");
    String subject = manifestDigest(layout, "bookworm");
    long subjectSize = Files.size(layout.resolve("blobs/sha256/" + Digest.parse(subject).hex()));

    Path artifact = work.resolve("artifact");
    Files.createDirectories(artifact.resolve("blobs/sha256"));
    Files.writeString(artifact.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    byte[] payload = ("{\"signed\":\"" + subject + "\"}").getBytes(StandardCharsets.UTF_8);
    Files.write(artifact.resolve("blobs/sha256/" + Digest.sha256(empty).hex()), empty);
    Files.write(artifact.resolve("blobs/sha256/" + Digest.sha256(payload).hex()), payload);
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\","
        + "\"artifactType\":\"application/vnd.example.signature.v1\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY
        + "\",\"digest\":\"" + MediaTypes.EMPTY_JSON_DIGEST + "\",\"size\":2},\"layers\":[{\"mediaType\":"
        + "\"application/vnd.example.signature.v1+json\",\"digest\":\"" + Digest.sha256(payload) + "\",\"size\":"
        + payload.length + "}],\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject
        + "\",\"size\":" + subjectSize + "},\"annotations\":{\"org.opencontainers.image.created\":"
        + "\"2026-11-25T00:00:00Z\"}}";
    byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = Digest.sha256(manifestBytes);
    Files.write(artifact.resolve("blobs/sha256/" + manifestDigest.hex()), manifestBytes);
    Files.writeString(artifact.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + manifestDigest + "\",\"size\":" + manifestBytes.length
        + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"sig\"}}]}");

    copy("oci:" + artifact + ":sig", "docker://" + host + "/library/signed:sig");
    JsonNode referrers = OciJson.MAPPER.readTree(client.get("/v2/library/signed/referrers/" + subject).body());
    assertEquals(1, referrers.get("manifests").size());
    JsonNode listed = referrers.get("manifests").get(0);
    assertEquals(manifestDigest.toString(), listed.get("digest").asText());
    assertEquals("application/vnd.example.signature.v1", listed.get("artifactType").asText());
    assertEquals("2026-11-25T00:00:00Z", listed.get("annotations").get("org.opencontainers.image.created").asText());

    Path out = work.resolve("artifact-out");
    copy("docker://" + host + "/library/signed@" + manifestDigest, "oci:" + out + ":sig");
    assertEquals(manifestDigest.toString(), manifestDigest(out, "sig"));
    assertEquals(blobNames(artifact), blobNames(out));
  }

  private static String manifestDigest(Path layout, String tag) throws IOException {
    for (JsonNode entry : OciJson.MAPPER.readTree(layout.resolve("index.json").toFile()).get("manifests")) {
      JsonNode name = entry.path("annotations").path("org.opencontainers.image.ref.name");
      if (tag.equals(name.asText())) {
        return entry.get("digest").asText();
      }
    }
    throw new AssertionError("no " + tag + " in " + layout);
  }

  private static TreeSet<String> blobNames(Path layout) throws IOException {
    try (var files = Files.list(layout.resolve("blobs/sha256"))) {
      return files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
