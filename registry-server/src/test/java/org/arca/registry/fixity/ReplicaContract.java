package org.arca.registry.fixity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.preservation.Exports;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repair from a second copy, over real HTTP: an image's three layers are damaged in three ways under the data
 * directory (a flipped byte, a truncated file, a deleted file); none of them is served, the scrub finds all three,
 * and they are restored bit-identical from the replica or, when it has no copy, from an export bag, with every check,
 * repair and release recorded as a fixity event. The subclasses keep the replica in a directory and in an S3 bucket.
 */
abstract class ReplicaContract {
  /** Larger than a few send chunks, so that a broken download has sent some bytes before it breaks. */
  private static final int LAYER = 1 << 20;

  @Inject
  EmbeddedServer server;
  @Inject
  ArcaConfiguration config;
  @Inject
  Scrub scrub;
  @Inject
  Replica replica;
  @Inject
  Exports exports;

  OciClient client;

  /** A server on H2 with the fast path, the tests running the scrub themselves and hashing full downloads. */
  static Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2(true));
    properties.put("arca.fixity.scrub", "false");
    properties.put("arca.fixity.verify-downloads", "true");
    properties.put("arca.fixity.replica.repositories", "replicated/**");
    return properties;
  }

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  private record Image(String repository, Digest manifest, List<Digest> layers, List<byte[]> bytes) {
    String blobPath(int layer) {
      return "/v2/" + repository + "/blobs/" + layers.get(layer);
    }
  }

  /** An image of three random layers, one for each kind of damage. */
  private Image push(String repository) {
    List<Digest> layers = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    List<Descriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] layer = TestImages.randomBytes(LAYER);
      layers.add(client.pushBlob(repository, layer));
      bytes.add(layer);
      descriptors.add(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layers.get(i), layer.length));
    }
    byte[] imageConfig = TestImages.config("amd64");
    client.pushBlob(repository, imageConfig);
    Digest manifest = client.pushManifest(repository, "v1", TestImages.manifest(
        TestImages.descriptor(MediaTypes.OCI_CONFIG, imageConfig), descriptors), MediaTypes.OCI_MANIFEST);
    return new Image(repository, manifest, layers, bytes);
  }

  private Path file(Digest digest) {
    return config.dataDir().resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  private boolean inReplica(Digest digest) {
    try {
      return replica.blobs().size(digest).isPresent();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Flips a byte near the end of layer 0, truncates layer 1 to half, deletes layer 2. */
  private void damage(Image image) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(file(image.layers().get(0)).toFile(), "rw")) {
      long at = file.length() - 10;
      file.seek(at);
      int b = file.read();
      file.seek(at);
      file.write(b ^ 0x01);
    }
    try (RandomAccessFile file = new RandomAccessFile(file(image.layers().get(1)).toFile(), "rw")) {
      file.setLength(LAYER / 2);
    }
    Files.delete(file(image.layers().get(2)));
  }

  /** None of the damaged layers is served: the flipped one breaks off mid-stream, then all answer 503 or 404. */
  private void assertNoneServed(Image image) throws Exception {
    // curl as a client: exit status 18 is "partial file", the connection closed before Content-Length bytes came
    Path out = Files.createTempFile("replica", ".blob");
    Process curl = new ProcessBuilder("curl", "-sS", "-o", out.toString(), server.getURL() + image.blobPath(0))
        .redirectErrorStream(true).start();
    String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(18, curl.waitFor(), said);
    long received = Files.size(out);
    Files.delete(out);
    assertTrue(received < LAYER, "received " + received + " of " + LAYER + " bytes of the flipped layer");
    Await.until(Duration.ofSeconds(30), "the flipped layer to be quarantined",
        () -> client.head(image.blobPath(0)).status() == 503);
    for (int layer = 0; layer < 3; layer++) {
      OciClient.Response get = client.get(image.blobPath(layer));
      assertNotEquals(200, get.status(), "layer " + layer + ": " + get);
      assertTrue(get.status() == 503 || get.status() == 404, "layer " + layer + ": " + get);
      assertNotEquals(200, client.head(image.blobPath(layer)).status(), "HEAD layer " + layer);
    }
  }

  /** Every layer served whole again, and its file in the data directory holding the original bytes. */
  private void assertRestored(Image image) throws IOException {
    for (int layer = 0; layer < 3; layer++) {
      assertArrayEquals(image.bytes().get(layer), Files.readAllBytes(file(image.layers().get(layer))));
      assertArrayEquals(image.bytes().get(layer), client.get(image.blobPath(layer)).body(), "layer " + layer);
      assertEquals(200, client.head(image.blobPath(layer)).status());
    }
    assertEquals(0, OciJson.MAPPER.readTree(client.get("/api/v1/fixity/quarantine").body()).size());
  }

  /** The scrub's failed check, the repair naming {@code source}, and the release's pass, for each layer. */
  private void assertEventsRecorded(Image image, String source) throws IOException {
    JsonNode events = OciJson.MAPPER.readTree(client.get("/api/v1/fixity/images/" + image.repository() + "@"
        + image.manifest()).body()).get("events");
    List<String> outcomes = List.of("corrupt", "size", "missing");
    for (int layer = 0; layer < 3; layer++) {
      String digest = image.layers().get(layer).toString();
      boolean found = false;
      boolean repaired = false;
      boolean passed = false;
      for (JsonNode e : events) {
        if (!e.get("digest").asText().equals(digest) || !e.get("copy").asText().equals("primary")) {
          continue;
        }
        found |= e.get("agent").asText().equals("arca scrub") && e.get("outcome").asText().equals(outcomes.get(layer));
        repaired |= e.get("outcome").asText().equals("repaired") && e.get("detail").asText().contains(source);
        passed |= e.get("outcome").asText().equals("pass");
      }
      assertTrue(found && repaired && passed, "layer " + layer + " (" + outcomes.get(layer) + "): " + events);
    }
  }

  /** Runs the scrub over the whole store (from where the rotation stands round to it); returns the failed checks. */
  private int scrubWholeStore() throws Exception {
    int failed = 0;
    Scrub.Progress progress;
    do {
      progress = scrub.checkNext(Long.MAX_VALUE, 0);
      failed += progress.failed();
    } while (!progress.cycleCompleted());
    return failed + scrub.checkNext(Long.MAX_VALUE, 0).failed();
  }

  @Test
  void doiImage_copiedToReplica_damageFoundByScrub_repairedFromReplicaBitIdentical() throws Exception {
    Image image = push(TestImages.repository("replica-doi"));
    String doi = mintAndApprove(image);
    Await.until(Duration.ofSeconds(30), "the DOI's layers to be copied to the replica",
        () -> image.layers().stream().allMatch(this::inReplica));

    damage(image);
    assertNoneServed(image);
    assertTrue(scrubWholeStore() >= 3, "the scrub finds all three damaged layers");

    assertRestored(image);
    assertEventsRecorded(image, replica.location());

    JsonNode report = OciJson.MAPPER.readTree(client.get("/api/v1/fixity/dois").body());
    JsonNode entry = null;
    for (JsonNode d : report) {
      entry = d.get("doi").asText().equals(doi) ? d : entry;
    }
    assertTrue(entry != null, report::toString);
    assertEquals(2, entry.get("verifiedCopies").asInt(), entry::toString);
    assertEquals("primary", entry.get("copies").get(0).get("location").asText(), entry::toString);
    assertEquals(replica.location(), entry.get("copies").get(1).get("location").asText(), entry::toString);
    assertFalse(entry.get("copies").get(1).get("oldestCheck").isNull(), entry::toString);
  }

  @Test
  void namedRepository_copiedOnPush_quarantinedBlobRepairedOverHttp() throws Exception {
    Image image = push("replicated/" + TestImages.repository("push"));
    Await.until(Duration.ofSeconds(30), "the pushed layers to be copied to the replica",
        () -> image.layers().stream().allMatch(this::inReplica));

    damage(image);
    assertNoneServed(image);

    OciClient.Response repaired = client.post("/api/v1/fixity/repair", null);
    assertEquals(200, repaired.status(), repaired::toString);
    JsonNode results = OciJson.MAPPER.readTree(repaired.body());
    assertTrue(results.size() >= 2, repaired::toString); // the flipped and truncated layers were quarantined
    for (JsonNode result : results) {
      assertTrue(result.get("repaired").asBoolean(), repaired::toString);
      assertEquals(replica.location(), result.get("source").asText(), repaired::toString);
    }
    for (int layer = 0; layer < 3; layer++) {
      OciClient.Response one = client.post("/api/v1/fixity/repair?digest=" + image.layers().get(layer), null);
      assertEquals(200, one.status(), one::toString);
    }
    assertRestored(image);
  }

  @Test
  void noReplicaCopy_repairedFromExportBagBitIdentical() throws Exception {
    Image image = push(TestImages.repository("replica-bag"));
    assertEquals(0, scrubWholeStore());
    Path bag = config.dataDir().resolve("exports").resolve("bag-" + image.manifest().hex().substring(0, 12));
    exports.export(new Exports.Request(List.of(image.repository() + "@" + image.manifest()), List.of(), false), bag);
    assertFalse(image.layers().stream().anyMatch(this::inReplica), "an image without a DOI is not copied");
    // the bag carries each blob's fixity events (PREMIS-like), and the RO-Crate lists the file
    JsonNode events = OciJson.MAPPER.readTree(bag.resolve("data/fixity-events.json").toFile());
    for (Digest layer : image.layers()) {
      boolean checked = false;
      for (JsonNode e : events) {
        checked |= e.get("linkingObject").asText().equals(layer.toString())
            && e.get("eventType").asText().equals("fixity check") && e.get("eventOutcome").asText().equals("pass")
            && e.get("linkingAgent").asText().equals("arca scrub") && e.has("eventDateTime");
      }
      assertTrue(checked, layer + " in " + events);
    }
    assertTrue(Files.readString(bag.resolve("data/ro-crate-metadata.json")).contains("fixity-events.json"));

    damage(image);
    assertNoneServed(image);
    assertTrue(scrubWholeStore() >= 3, "the scrub finds all three damaged layers");

    assertRestored(image);
    assertEventsRecorded(image, "bag ");
  }

  private String mintAndApprove(Image image) throws IOException {
    OciClient.Response minted = client.post("/api/v1/dois", ("{\"repository\":\"" + image.repository()
        + "\",\"digest\":\"" + image.manifest() + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type",
        "application/json");
    assertEquals(201, minted.status(), minted::toString);
    String doi = OciJson.MAPPER.readTree(minted.body()).get("doi").asText();
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/approve", null), 200);
    return doi;
  }
}
