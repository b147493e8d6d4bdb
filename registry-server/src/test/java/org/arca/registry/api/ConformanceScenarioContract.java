package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The content-discovery workflow of the OCI conformance suite ({@code conformance/03_discovery_test.go} of
 * opencontainers/distribution-spec), replayed against the default configuration, SIF conversion on, as a signed-in
 * user: the referrers listing shows exactly what the client pushed, not the SIF Arca derived from its image, and
 * every delete of the teardown, in either order (manifests before blobs, or blobs before manifests as with
 * {@code OCI_DELETE_MANIFEST_BEFORE_BLOBS=false}), answers 2xx, 404 or 405.
 */
abstract class ConformanceScenarioContract {
  private static final String ADMIN_PASSWORD = "admin-password-for-tests";
  private static final String USER = "conformer";
  private static final String PASSWORD = "conformance-password";
  private static final String ANNOTATION = "org.opencontainers.conformance.test";
  private static final String TYPE_A = "application/vnd.nhl.peanut.butter.bagel";
  private static final String TYPE_B = "application/vnd.nba.strawberry.jam.croissant";

  @Inject
  EmbeddedServer server;
  OciClient client;

  /** The server as it ships, but with authentication on, the way the suite runs against a real registry. */
  static Map<String, String> defaultsWithAuthentication(Map<String, String> base) {
    Map<String, String> properties = new HashMap<>(base);
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  @BeforeAll
  void signUp() {
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient.expect(anonymous.withBasic("admin", ADMIN_PASSWORD).post("/api/v1/users",
        ("{\"name\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json"), 201);
    client = anonymous.withBasic(USER, PASSWORD);
  }

  /** What the suite pushes: an image (with a real gzipped tar layer, so it converts), its five referrers, and more. */
  record Scenario(String repository, byte[] config2, byte[] config4, byte[] layer, byte[] refBlobA, byte[] refBlobB,
      Digest manifest2, Digest manifest4, Digest manifest3, Digest configA, Digest layerA, Digest configB,
      Digest layerB, Digest layerC, Digest index, Map<Digest, String> annotationOf) {}

  Scenario push() {
    String repository = USER + "/conformance-" + UUID.randomUUID().toString().substring(0, 8);
    byte[] layer = tarGz("test.txt", "you bothered to find out what was in here. Congratulations!\n");
    byte[] config2 = imageConfig();
    byte[] config3 = imageConfig();
    byte[] config4 = imageConfig();
    byte[] manifest2 = image(config2, layer);
    byte[] manifest3 = image(config3, layer);
    byte[] manifest4 = image(config4, layer);
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest4), manifest4.length);
    Descriptor missingSubject = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest3), manifest3.length);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Descriptor emptyJson = new Descriptor(MediaTypes.OCI_EMPTY, Digest.sha256(empty), empty.length);
    byte[] refBlobA = "NHL Peanut Butter on my NHL bagel".getBytes(StandardCharsets.UTF_8);
    byte[] refBlobB = "NBA Strawberry Jam on my NBA croissant".getBytes(StandardCharsets.UTF_8);
    Map<Digest, String> annotationOf = new LinkedHashMap<>();

    client.pushBlob(repository, config2);
    client.pushBlob(repository, layer);
    for (int i = 0; i < 4; i++) {
      client.pushManifest(repository, "test" + i, manifest2, MediaTypes.OCI_MANIFEST);
    }
    client.pushBlob(repository, empty);
    client.pushBlob(repository, refBlobA);
    byte[] configA = manifest(MediaTypes.OCI_MANIFEST, descriptor(TYPE_A, refBlobA), List.of(emptyJson), subject,
        null, annotations(ANNOTATION, "test config a"));
    byte[] layerA = manifest(MediaTypes.OCI_MANIFEST, emptyJson, List.of(descriptor(TYPE_A, refBlobA)), subject,
        TYPE_A, annotations(ANNOTATION, "test layer a"));
    byte[] index = referrerIndex(List.of(configA, layerA), subject, annotations(ANNOTATION, "test index"));
    putReferrer(repository, configA, MediaTypes.OCI_MANIFEST, subject.digest(), annotationOf);
    putReferrer(repository, layerA, MediaTypes.OCI_MANIFEST, subject.digest(), annotationOf);
    putReferrer(repository, index, MediaTypes.OCI_INDEX, subject.digest(), annotationOf);
    client.pushBlob(repository, config4);
    client.pushBlob(repository, layer);
    client.pushManifest(repository, "tagtest0", manifest4, MediaTypes.OCI_MANIFEST);
    client.pushBlob(repository, refBlobB);
    byte[] configB = manifest(MediaTypes.OCI_MANIFEST, descriptor(TYPE_B, refBlobB), List.of(emptyJson), subject,
        null, annotations(ANNOTATION, "test config b"));
    byte[] layerB = manifest(MediaTypes.OCI_MANIFEST, emptyJson, List.of(descriptor(TYPE_B, refBlobB)), subject,
        TYPE_B, annotations(ANNOTATION, "test layer b"));
    byte[] layerC = manifest(MediaTypes.OCI_MANIFEST, emptyJson, List.of(descriptor(TYPE_B, refBlobB)),
        missingSubject, TYPE_B, null);
    putReferrer(repository, configB, MediaTypes.OCI_MANIFEST, subject.digest(), annotationOf);
    putReferrer(repository, layerB, MediaTypes.OCI_MANIFEST, subject.digest(), annotationOf);
    putReferrer(repository, layerC, MediaTypes.OCI_MANIFEST, missingSubject.digest(), new HashMap<>());
    return new Scenario(repository, config2, config4, layer, refBlobA, refBlobB, Digest.sha256(manifest2),
        subject.digest(), missingSubject.digest(), Digest.sha256(configA), Digest.sha256(layerA),
        Digest.sha256(configB), Digest.sha256(layerB), Digest.sha256(layerC), Digest.sha256(index), annotationOf);
  }

  /** Waits until Arca has converted the suite's image, so that its SIF exists while the suite lists referrers. */
  Digest awaitSif(Scenario scenario) {
    Await.until(Duration.ofMinutes(3), "every conversion of " + scenario.repository() + " to finish", () -> {
      JsonNode list = json(client.get("/api/v1/sif/conversions?repository=" + scenario.repository()));
      boolean seen = false;
      for (JsonNode conversion : list) {
        String state = conversion.get("state").asText();
        if (!state.equals("done") && !state.equals("failed")) {
          return false;
        }
        seen |= conversion.get("digest").asText().equals(scenario.manifest4().toString());
      }
      return seen;
    });
    Response sif = client.get("/v2/sif/" + scenario.repository() + "/manifests/" + scenario.manifest4(),
        "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(200, sif.status(), "the image was really converted: " + sif);
    return Digest.parse(sif.header("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void referrersListing_showsExactlyWhatTheClientPushed_notTheDerivedSif() {
    Scenario scenario = push();
    Digest sif = awaitSif(scenario);

    Response all = client.get("/v2/" + scenario.repository() + "/referrers/" + scenario.manifest4());
    assertEquals(200, all.status(), all::toString);
    assertEquals(MediaTypes.OCI_INDEX, all.header("Content-Type").orElseThrow());
    JsonNode manifests = json(all).get("manifests");
    assertEquals(5, manifests.size(), all::toString);
    for (JsonNode referrer : manifests) {
      assertEquals(1, referrer.get("annotations").size(), referrer::toString);
      assertEquals(scenario.annotationOf().get(Digest.parse(referrer.get("digest").asText())),
          referrer.get("annotations").get(ANNOTATION).asText());
    }

    Response filtered = client.get("/v2/" + scenario.repository() + "/referrers/" + scenario.manifest4()
        + "?artifactType=" + URLEncoder.encode(TYPE_A, StandardCharsets.UTF_8));
    assertEquals("artifactType", filtered.header("OCI-Filters-Applied").orElseThrow());
    assertEquals(2, json(filtered).get("manifests").size(), filtered::toString);

    JsonNode missing = json(client.get("/v2/" + scenario.repository() + "/referrers/" + scenario.manifest3()))
        .get("manifests");
    assertEquals(1, missing.size());
    assertEquals(scenario.layerC().toString(), missing.get(0).get("digest").asText());
    Digest nothing = Digest.sha256("hello world".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, json(client.get("/v2/" + scenario.repository() + "/referrers/" + nothing))
        .get("manifests").size());

    // the derived namespace lists what Arca derived
    JsonNode derived = json(client.get("/v2/sif/" + scenario.repository() + "/referrers/" + scenario.manifest4()))
        .get("manifests");
    assertEquals(1, derived.size(), derived::toString);
    assertEquals(sif.toString(), derived.get(0).get("digest").asText());
    assertEquals(MediaTypes.SIF_CONFIG, derived.get(0).get("artifactType").asText());
  }

  @Test
  void teardown_manifestsBeforeBlobs_answersOnlyAllowedCodes_andTakesTheSifAlong() {
    Scenario scenario = push();
    Digest sif = awaitSif(scenario);
    List<Integer> codes = new ArrayList<>();
    deleteManifests(scenario, codes);
    deleteBlobs(scenario, codes);
    assertAllowed(codes);
    assertSifGone(scenario, sif);
  }

  @Test
  void teardown_blobsBeforeManifests_answersOnlyAllowedCodes_andTakesTheSifAlong() {
    Scenario scenario = push();
    Digest sif = awaitSif(scenario);
    List<Integer> codes = new ArrayList<>();
    Response referenced = client.delete("/v2/" + scenario.repository() + "/blobs/"
        + Digest.sha256(scenario.layer()));
    assertEquals(405, referenced.status(), referenced::toString);
    assertEquals("UNSUPPORTED", referenced.errorCode());
    codes.add(referenced.status());
    deleteBlobs(scenario, codes);
    deleteManifests(scenario, codes);
    deleteBlobs(scenario, codes);
    assertAllowed(codes);
    assertSifGone(scenario, sif);
  }

  /** Arca tells what it derived by the pusher, so no account may push under the name of one of its writers. */
  @Test
  void accountNamedAfterAnArcaWriter_isRefused() {
    OciClient admin = new OciClient(URI.create(server.getURL().toString())).withBasic("admin", ADMIN_PASSWORD);
    for (String name : List.of(Actors.CONVERTER, Actors.PRESERVATION)) {
      Response refused = admin.post("/api/v1/users", ("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD
          + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
      assertEquals(400, refused.status(), refused::toString);
      assertTrue(refused.text().contains("reserved"), refused::toString);
    }
  }

  private void deleteManifests(Scenario scenario, List<Integer> codes) {
    for (Digest digest : List.of(scenario.index(), scenario.manifest2(), scenario.manifest4(), scenario.configA(),
        scenario.layerA(), scenario.configB(), scenario.layerB(), scenario.layerC())) {
      codes.add(client.delete("/v2/" + scenario.repository() + "/manifests/" + digest).status());
    }
  }

  private void deleteBlobs(Scenario scenario, List<Integer> codes) {
    for (byte[] blob : List.of(scenario.config2(), scenario.layer(), scenario.config4(), scenario.refBlobA(),
        scenario.refBlobB(), "{}".getBytes(StandardCharsets.UTF_8))) {
      codes.add(client.delete("/v2/" + scenario.repository() + "/blobs/" + Digest.sha256(blob)).status());
    }
  }

  private static void assertAllowed(List<Integer> codes) {
    assertTrue(codes.stream().allMatch(c -> (c >= 200 && c < 300) || c == 404 || c == 405),
        "the suite accepts 2xx, 404 and 405 only: " + codes);
    assertTrue(codes.stream().anyMatch(c -> c == 202), "something was deleted: " + codes);
  }

  private void assertSifGone(Scenario scenario, Digest sif) {
    assertEquals(404, client.get("/v2/" + scenario.repository() + "/manifests/" + sif,
        "Accept", MediaTypes.OCI_MANIFEST).status(), "the SIF was deleted with its image");
    assertEquals(404, client.get("/v2/sif/" + scenario.repository() + "/manifests/" + scenario.manifest4(),
        "Accept", MediaTypes.OCI_MANIFEST).status());
    assertEquals(0, json(client.get("/v2/sif/" + scenario.repository() + "/referrers/" + scenario.manifest4()))
        .get("manifests").size());
  }

  private void putReferrer(String repository, byte[] manifest, String mediaType, Digest subject,
      Map<Digest, String> annotationOf) {
    Digest digest = Digest.sha256(manifest);
    Response response = client.put("/v2/" + repository + "/manifests/" + digest, manifest, "Content-Type", mediaType);
    assertEquals(201, response.status(), response::toString);
    assertEquals(subject.toString(), response.header("OCI-Subject").orElseThrow());
    JsonNode annotations = json(manifest).get("annotations");
    if (annotations != null) {
      annotationOf.put(digest, annotations.get(ANNOTATION).asText());
    }
  }

  /** A config made unique by a random author, as the suite makes one per workflow. */
  private static byte[] imageConfig() {
    return ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"author\":\"" + UUID.randomUUID()
        + "\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] image(byte[] config, byte[] layer) {
    return manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
  }

  private static byte[] referrerIndex(List<byte[]> children, Descriptor subject, Map<String, String> annotations) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    root.put("artifactType", "application/vnd.food.stand");
    ArrayNode list = root.putArray("manifests");
    children.forEach(c -> list.add(OciJson.write(descriptor(MediaTypes.OCI_MANIFEST, c))));
    root.set("subject", OciJson.write(subject));
    ObjectNode a = root.putObject("annotations");
    annotations.forEach(a::put);
    return OciJson.bytes(root);
  }

  private static byte[] tarGz(String name, String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
      byte[] content = text.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(content.length);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static JsonNode json(Response response) {
    return json(response.body());
  }

  private static JsonNode json(byte[] body) {
    try {
      return OciJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
