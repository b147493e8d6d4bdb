package org.arca.registry.fixity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fixity against a stored blob file whose bytes are flipped, truncated or deleted under the data directory: fsck
 * finds it, the scrub quarantines it, GET and HEAD refuse it with 503 BLOB_QUARANTINED, and a full download of a
 * blob corrupted after its last check breaks off instead of completing with wrong bytes. Run through the Netty fast
 * path and through Micronaut's controllers by the subclasses.
 */
abstract class FixityContract {
  /** Larger than a few send chunks, so that a broken download has sent some bytes before it breaks. */
  private static final int LAYER = 1 << 20;

  @Inject
  EmbeddedServer server;
  @Inject
  ArcaConfiguration config;
  @Inject
  Fsck fsck;
  @Inject
  Scrub scrub;
  @Inject
  Database database;
  @Inject
  JobQueue jobs;

  OciClient client;

  static Map<String, String> properties(boolean fastPath) {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2(fastPath));
    properties.put("arca.fixity.scrub", "false"); // the tests run the scrub themselves
    properties.put("arca.fixity.verify-downloads", "true"); // off by default: it halves pull throughput
    return properties;
  }

  @BeforeEach
  void connect() throws IOException {
    client = new OciClient(URI.create(server.getURL().toString()));
    // each test starts from a clean store: earlier tests' damage is repaired by deleting what they broke
    Fsck.Report report = fsck.run(new Fsck.Options(false, false, Duration.ZERO));
    assertTrue(report.clean(), () -> "a test left damage behind: " + report.problems());
  }

  /** An image of one random layer; returns the layer's digest. */
  private Image push(String repository) {
    byte[] layer = TestImages.randomBytes(LAYER);
    Digest layerDigest = client.pushBlob(repository, layer);
    byte[] imageConfig = TestImages.config("amd64");
    client.pushBlob(repository, imageConfig);
    byte[] manifest = TestImages.manifest(TestImages.descriptor(MediaTypes.OCI_CONFIG, imageConfig),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layerDigest, layer.length)));
    Digest manifestDigest = client.pushManifest(repository, "v1", manifest, MediaTypes.OCI_MANIFEST);
    return new Image(repository, manifestDigest, layerDigest, layer);
  }

  private record Image(String repository, Digest manifest, Digest layer, byte[] layerBytes) {
    String blobPath() {
      return "/v2/" + repository + "/blobs/" + layer;
    }
  }

  private Path file(Digest digest) {
    return config.dataDir().resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  /** Flips one bit near the end of the stored file, where a download only gets after sending most of the blob. */
  private void flipByte(Digest digest) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(file(digest).toFile(), "rw")) {
      long at = file.length() - 10;
      file.seek(at);
      int b = file.read();
      file.seek(at);
      file.write(b ^ 0x01);
    }
  }

  /** Removes the damaged image and its layer (quarantine, rows and bytes), so that the next test starts clean. */
  private void forget(Image image) throws IOException {
    OciClient.expect(client.delete("/v2/" + image.repository() + "/manifests/" + image.manifest()), 202);
    database.write(c -> {
      for (String table : List.of("blob_quarantine", "blob_link", "blob")) {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE digest = ?")) {
          s.setString(1, image.layer().toString());
          s.executeUpdate();
        }
      }
      return null;
    });
    Files.deleteIfExists(file(image.layer()));
  }

  @Test
  void cleanStore_fsckDeepIsClean() throws IOException {
    Image image = push(TestImages.repository("fixity-clean"));
    Fsck.Report report = fsck.run(new Fsck.Options(true, false, Fsck.DEFAULT_GRACE));
    assertTrue(report.clean(), report::toString);
    assertTrue(report.bytesHashed() >= LAYER, report::toString);
    assertArrayEquals(image.layerBytes(), client.get(image.blobPath()).body());
  }

  @Test
  void flippedByte_fsckDeepReportsAndQuarantines_getAndHeadRefuse() throws IOException {
    Image image = push(TestImages.repository("fixity-flip"));
    flipByte(image.layer());

    Fsck.Report shallow = fsck.run(new Fsck.Options(false, false, Fsck.DEFAULT_GRACE));
    assertTrue(shallow.clean(), "a flipped byte keeps the size; only --deep sees it: " + shallow);
    Fsck.Report deep = fsck.run(new Fsck.Options(true, false, Fsck.DEFAULT_GRACE));
    assertFalse(deep.clean(), deep::toString);
    assertEquals(1, deep.problems().size(), deep::toString);
    assertEquals("corrupt", deep.problems().get(0).kind());
    assertEquals(image.layer().toString(), deep.problems().get(0).subject());

    assertRefused(image);
    forget(image);
  }

  @Test
  void flippedByte_scrubQuarantines_listedWithItsManifest() throws Exception {
    Image image = push(TestImages.repository("fixity-scrub"));
    flipByte(image.layer());

    assertEquals(1, scrubWholeStore());

    assertRefused(image);
    JsonNode quarantine = OciJson.MAPPER.readTree(client.get("/api/v1/fixity/quarantine").body());
    JsonNode entry = find(quarantine, image.layer().toString());
    assertEquals("arca scrub", entry.get("blob").get("agent").asText());
    assertEquals(image.repository(), entry.get("manifests").get(0).get("repository").asText());
    assertEquals(image.manifest().toString(), entry.get("manifests").get(0).get("manifest").asText());

    JsonNode fixity = OciJson.MAPPER.readTree(client.get("/api/v1/fixity/images/" + image.repository() + "@"
        + image.manifest()).body());
    assertEquals(image.layer().toString(), fixity.get("quarantined").get(0).get("digest").asText());
    boolean failedCheckRecorded = false;
    for (JsonNode event : fixity.get("events")) {
      failedCheckRecorded |= event.get("digest").asText().equals(image.layer().toString())
          && event.get("outcome").asText().equals("corrupt") && event.get("agent").asText().equals("arca scrub");
    }
    assertTrue(failedCheckRecorded, fixity::toString);

    JsonNode provenance = OciJson.MAPPER.readTree(client.get("/api/v1/provenance/" + image.repository() + "@"
        + image.manifest()).body());
    JsonNode layerCheck = null;
    for (JsonNode check : provenance.get("fixity")) {
      layerCheck = check.get("digest").asText().equals(image.layer().toString()) ? check : layerCheck;
    }
    assertTrue(layerCheck != null && layerCheck.get("quarantined").asBoolean()
        && layerCheck.get("outcome").asText().equals("corrupt"), provenance::toString);
    forget(image);
  }

  @Test
  void scrubJobQueuedOverHttp_runsOnTheJobRunner_andQuarantines() throws IOException {
    Image image = push(TestImages.repository("fixity-job"));
    flipByte(image.layer());
    OciClient.Response queued = client.post("/api/v1/fixity/scrub", null);
    assertEquals(200, queued.status(), queued::toString);
    assertEquals("fixity-scrub", OciJson.MAPPER.readTree(queued.body()).get("kind").asText(), queued::toString);
    // the job's share is interval / cycle of the stored bytes; at least one blob per run, so wait for the rotation
    Await.until(Duration.ofMinutes(2), "the scrub job to quarantine the layer", () -> {
      client.post("/api/v1/fixity/scrub", null);
      return client.head(image.blobPath()).status() == 503;
    });
    assertRefused(image);
    // no run may go on into the next test, where it could quarantine that test's blob before the test looks
    Await.until(Duration.ofMinutes(1), "the scrub job to end", () -> jobs.status(Scrub.KIND, Scrub.KEY)
        .map(job -> job.state() == JobState.DONE || job.state() == JobState.FAILED).orElse(true));
    forget(image);
  }

  @Test
  void scrub_resumesWhereItStopped_andWrapsAround() throws Exception {
    push(TestImages.repository("fixity-rotation"));
    push(TestImages.repository("fixity-rotation"));
    assertEquals(0, scrubWholeStore()); // ends a cycle: the next run starts at the first digest
    long stored = database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM blob");
          java.sql.ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    });
    // a budget of one byte checks one blob per run; each run goes on from the saved cursor until the cycle ends
    int runs = 0;
    int blobs = 0;
    Scrub.Progress progress;
    do {
      progress = scrub.checkNext(1, 0);
      assertTrue(progress.blobs() <= 1, progress::toString);
      blobs += progress.blobs();
      runs++;
    } while (!progress.cycleCompleted() && runs < 1000);
    assertTrue(progress.cycleCompleted());
    assertEquals(stored, blobs, "every blob checked once in the cycle, in " + runs + " runs");
    assertEquals(0, progress.failed());
  }

  @Test
  void quarantinedBlob_releasedOnlyOnceItsFileIsRestored_thenServedBitIdentical() throws Exception {
    Image image = push(TestImages.repository("fixity-release"));
    flipByte(image.layer());
    assertEquals(1, scrubWholeStore());
    String release = "/api/v1/fixity/quarantine/" + image.layer() + "/release";

    OciClient.Response refused = client.post(release, null);
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("corrupt", OciJson.MAPPER.readTree(refused.body()).get("outcome").asText(), refused::toString);
    assertRefused(image);

    flipByte(image.layer()); // flipping the same bit again restores the original bytes, as a backup copy would
    OciClient.Response released = client.post(release, null);
    assertEquals(200, released.status(), released::toString);
    assertTrue(OciJson.MAPPER.readTree(released.body()).get("released").asBoolean(), released::toString);
    assertArrayEquals(image.layerBytes(), client.get(image.blobPath()).body());
    assertEquals(200, client.head(image.blobPath()).status());
  }

  @Test
  void truncatedBlob_getRefusedAtOnceAndQuarantined() throws IOException {
    Image image = push(TestImages.repository("fixity-truncate"));
    try (RandomAccessFile file = new RandomAccessFile(file(image.layer()).toFile(), "rw")) {
      file.setLength(LAYER / 2);
    }
    OciClient.Response get = client.get(image.blobPath());
    assertEquals(503, get.status(), get::toString);
    assertEquals("BLOB_QUARANTINED", get.errorCode(), get::toString);
    assertRefused(image);
    Fsck.Report report = fsck.run(new Fsck.Options(false, false, Fsck.DEFAULT_GRACE));
    assertEquals("size", report.problems().get(0).kind(), report::toString);
    forget(image);
  }

  @Test
  void corruptedAfterLastCheck_fullDownloadBreaksOff_thenQuarantined() throws Exception {
    Image image = push(TestImages.repository("fixity-midstream"));
    assertEquals(0, scrubWholeStore());
    flipByte(image.layer());

    // curl as a client: exit status 18 is "partial file", i.e. the connection closed before Content-Length bytes
    Path out = Files.createTempFile("fixity", ".blob");
    Path headers = Files.createTempFile("fixity", ".headers");
    Process curl = new ProcessBuilder("curl", "-sS", "-D", headers.toString(), "-o",
        out.toString(), server.getURL() + image.blobPath())
        .redirectErrorStream(true).start();
    String said = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    said += " " + Files.readString(headers) + " received " + Files.size(out);
    assertEquals(18, curl.waitFor(), said);
    assertTrue(Files.readString(headers).startsWith("HTTP/1.1 200"), "the download began as a 200: " + said);
    long received = Files.size(out);
    assertTrue(received > 0 && received < LAYER, "received " + received + " of " + LAYER + " bytes");
    Files.delete(out);
    Files.delete(headers);

    Await.until(Duration.ofSeconds(30), "the blob to be quarantined",
        () -> client.head(image.blobPath()).status() == 503);
    assertRefused(image);
    // a range is not hashed (it cannot be checked against the digest), but a quarantined blob has no ranges either
    OciClient.Response range = client.get(image.blobPath(), "Range", "bytes=0-99");
    assertEquals(503, range.status(), range::toString);
    forget(image);
  }

  @Test
  void orphanAndMissingFiles_fsckReportsBoth_repairRemovesOrphan() throws IOException {
    Image image = push(TestImages.repository("fixity-orphan"));
    byte[] stray = "bytes nobody recorded".getBytes(StandardCharsets.UTF_8);
    Digest strayDigest = Digest.sha256(stray);
    Files.createDirectories(file(strayDigest).getParent());
    Files.write(file(strayDigest), stray);
    Files.delete(file(image.layer()));

    Fsck.Report found = fsck.run(new Fsck.Options(false, false, Duration.ZERO));
    assertFalse(found.clean());
    assertEquals(List.of("missing", "orphan-bytes"), found.problems().stream().map(Fsck.Problem::kind).sorted()
        .toList(), found::toString);

    Fsck.Report young = fsck.run(new Fsck.Options(false, true, Fsck.DEFAULT_GRACE));
    assertTrue(Files.exists(file(strayDigest)), "a file younger than the grace period stays: " + young);

    Fsck.Report repaired = fsck.run(new Fsck.Options(false, true, Duration.ZERO));
    assertFalse(Files.exists(file(strayDigest)), repaired::toString);
    assertFalse(repaired.clean(), "the missing blob cannot be repaired and is still reported: " + repaired);
    assertEquals(List.of("missing", "orphan-bytes"), repaired.problems().stream().map(Fsck.Problem::kind).sorted()
        .toList(), repaired::toString);
    assertEquals(List.of(false, true), repaired.problems().stream().sorted(
        java.util.Comparator.comparing(Fsck.Problem::kind)).map(Fsck.Problem::repaired).toList());
    forget(image);
  }

  @Test
  void orphanUploadFile_repairRemovesIt() throws IOException {
    Path upload = config.dataDir().resolve("uploads").resolve("0b5e3a52-8c1f-4f5e-9a51-2f0d3c9e7a11");
    Files.write(upload, new byte[] {1, 2, 3});
    Fsck.Report repaired = fsck.run(new Fsck.Options(false, true, Duration.ZERO));
    assertFalse(Files.exists(upload), repaired::toString);
    assertTrue(repaired.clean(), repaired::toString);
    assertEquals("orphan-upload", repaired.problems().get(0).kind());
  }

  @Test
  void fsckOverHttp_answersTheReport() throws IOException {
    OciClient.Response response = client.post("/api/v1/fsck", null);
    assertEquals(200, response.status(), response::toString);
    JsonNode report = OciJson.MAPPER.readTree(response.body());
    assertTrue(report.get("clean").asBoolean(), response::toString);
    assertEquals(0, report.get("problems").size(), "an empty list, not a missing field: " + response);
  }

  /**
   * Runs the scrub over every blob: from where the rotation stands (other tests moved it) to the end of the store,
   * then one whole cycle. Returns how many checks failed.
   */
  private int scrubWholeStore() throws Exception {
    int failed = 0;
    Scrub.Progress progress;
    do {
      progress = scrub.checkNext(Long.MAX_VALUE, 0);
      failed += progress.failed();
    } while (!progress.cycleCompleted());
    // the blobs before the old cursor; a blob quarantined above is checked again but quarantined only once
    Scrub.Progress whole = scrub.checkNext(Long.MAX_VALUE, 0);
    return Math.max(failed, whole.failed());
  }

  private void assertRefused(Image image) {
    OciClient.Response get = client.get(image.blobPath());
    assertEquals(503, get.status(), get::toString);
    assertEquals("BLOB_QUARANTINED", get.errorCode(), get::toString);
    assertTrue(get.text().contains("blob " + image.layer() + " failed its fixity check at "), get::toString);
    assertTrue(get.text().contains("a curator has been notified"), get::toString);
    OciClient.Response head = client.head(image.blobPath());
    assertEquals(503, head.status(), head::toString);
  }

  private static JsonNode find(JsonNode quarantine, String digest) {
    for (JsonNode entry : quarantine) {
      if (entry.get("blob").get("digest").asText().equals(digest)) {
        return entry;
      }
    }
    throw new AssertionError(digest + " is not in the quarantine: " + quarantine);
  }
}
