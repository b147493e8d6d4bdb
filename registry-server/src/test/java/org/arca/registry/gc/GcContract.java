package org.arca.registry.gc;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.preservation.provenance.ProvenanceRecord.Origin;
import org.arca.preservation.provenance.ProvenanceRecord.Relation;
import org.arca.registry.metadata.Database;
import org.arca.registry.preservation.JdbcProvenanceStore;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.UploadStorage;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Online garbage collection over real HTTP, with a zero grace period: what it removes, what it keeps, that a dry run
 * changes nothing, and that it leaves no manifest without its blobs. Subclasses run it on each metadata database.
 */
abstract class GcContract {
  @Inject
  EmbeddedServer server;
  @Inject
  Database database;
  @Inject
  BlobStorage blobs;
  @Inject
  UploadStorage uploads;
  @Inject
  JdbcProvenanceStore provenance;
  @Inject
  JobQueue jobs;

  OciClient client;

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  /** A pushed image: repository, tag, manifest digest and blob descriptors. */
  record Image(String repository, String tag, Digest digest, List<Descriptor> blobs) {}

  Image pushImage(String repository, String tag, byte[]... layers) {
    return pushWith(client, repository, tag, layers);
  }

  static Image pushWith(OciClient client, String repository, String tag, byte[]... layers) {
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (byte[] layer : layers) {
      client.pushBlob(repository, layer);
      layerDescriptors.add(descriptor(MediaTypes.OCI_LAYER_GZIP, layer));
    }
    byte[] config = config("amd64");
    client.pushBlob(repository, config);
    Descriptor configDescriptor = descriptor(MediaTypes.OCI_CONFIG, config);
    Digest digest = client.pushManifest(repository, tag, manifest(configDescriptor, layerDescriptors),
        MediaTypes.OCI_MANIFEST);
    List<Descriptor> all = new ArrayList<>(layerDescriptors);
    all.add(configDescriptor);
    return new Image(repository, tag, digest, all);
  }

  JsonNode startRun(boolean dryRun) {
    OciClient.Response response = client.post("/api/v1/gc/runs" + (dryRun ? "?dryRun=true" : ""), null);
    assertEquals(dryRun ? 200 : 202, response.status(), response.toString());
    return json(response.body());
  }

  /** Starts a run and waits until it is done; returns its final report. */
  JsonNode collect() {
    long id = startRun(false).get("id").asLong();
    JsonNode[] last = new JsonNode[1];
    Await.until(Duration.ofMinutes(2), "garbage-collection run " + id + " to finish", () -> {
      last[0] = json(client.get("/api/v1/gc/runs/" + id).body());
      return !last[0].get("state").asText().equals("queued") && !last[0].get("state").asText().equals("running");
    });
    assertEquals("done", last[0].get("state").asText(), last[0].toString());
    return last[0];
  }

  static JsonNode json(byte[] body) {
    try {
      return OciJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(body), e);
    }
  }

  /** Every blob of the image pulls, bit-identical to what its descriptor promises. */
  void assertPullsIdentical(Image image) {
    assertEquals(200, client.get("/v2/" + image.repository() + "/manifests/" + image.digest(),
        "Accept", MediaTypes.OCI_MANIFEST).status());
    for (Descriptor blob : image.blobs()) {
      OciClient.Response response = client.get("/v2/" + image.repository() + "/blobs/" + blob.digest());
      assertEquals(200, response.status(), "pull " + blob.digest() + " of " + image.repository());
      assertEquals(blob.digest(), Digest.sha256(response.body()));
    }
  }

  /** No manifest references a blob without a row, a link in its repository, or bytes; no row is without bytes. */
  void assertConsistent() throws IOException {
    List<String> problems = database.read(c -> {
      List<String> found = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT r.repository_id, r.child_digest FROM manifest_reference r"
          + " WHERE r.child_is_manifest = FALSE AND NOT EXISTS (SELECT 1 FROM blob_link l"
          + " WHERE l.repository_id = r.repository_id AND l.digest = r.child_digest)");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          found.add("manifest in repository " + r.getLong(1) + " references unlinked " + r.getString(2));
        }
      }
      return found;
    });
    for (Digest digest : rows()) {
      if (blobs.size(digest).isEmpty()) {
        problems = new ArrayList<>(problems);
        problems.add("blob row without bytes: " + digest);
      }
    }
    assertEquals(List.of(), problems);
  }

  Set<Digest> rows() {
    return database.read(c -> {
      Set<Digest> digests = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
      try (PreparedStatement s = c.prepareStatement("SELECT digest FROM blob"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          digests.add(Digest.parse(r.getString(1)));
        }
      }
      return digests;
    });
  }

  /** Everything a run may change: blob rows, links, uploads and stored files. */
  String snapshot() throws IOException {
    String rows = database.read(c -> {
      StringBuilder text = new StringBuilder();
      for (String sql : List.of("SELECT digest, size FROM blob ORDER BY digest",
          "SELECT repository_id, digest FROM blob_link ORDER BY repository_id, digest",
          "SELECT id, size FROM blob_upload ORDER BY id", "SELECT digest FROM gc_sweep ORDER BY digest")) {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
          while (r.next()) {
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
              text.append(r.getString(i)).append(' ');
            }
            text.append('\n');
          }
        }
      }
      return text.toString();
    });
    List<String> files = new ArrayList<>();
    blobs.forEach(d -> files.add(d.toString()));
    files.sort(null);
    return rows + files;
  }

  /** What a run leaves after deleting a blob's row and before deleting its bytes. */
  void markBeingCollected(Digest digest) {
    database.write(c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO gc_sweep (digest, run_id, marked_at)"
          + " VALUES (?, 0, CURRENT_TIMESTAMP)")) {
        s.setString(1, digest.toString());
        s.executeUpdate();
      }
      return null;
    });
  }

  /** Bytes stored as a crash between the move into place and the row would leave them. */
  Digest storeFileWithoutRow() throws IOException {
    byte[] content = randomBytes(1000);
    Digest digest = Digest.sha256(content);
    String id = UUID.randomUUID().toString();
    uploads.create(id);
    try (UploadStorage.Appender out = uploads.append(id, 0)) {
      out.write(ByteBuffer.wrap(content));
    }
    uploads.commit(id, digest);
    return digest;
  }

  /**
   * Several clients push images that share layers while garbage collection runs in a loop with a zero grace period.
   * A push either wins or is told to send its blobs again (and does); afterwards every pushed image pulls
   * bit-identical and no manifest references a missing blob.
   */
  @Test
  void deletedManifest_leavesNoProvenance_andCollectionRemovesRecordsLeftFromBefore() {
    String repository = repository("gc-provenance");
    Image image = pushImage(repository, "v1", randomBytes(300));
    Digest base = Digest.sha256(randomBytes(10));
    provenance.record(new ProvenanceRecord(RepositoryName.parse(repository), image.digest(), Relation.BASE_IMAGE,
        base, "docker.io/library/debian:12", Origin.LABEL, null, Instant.now()));
    // a record of an image deleted before deletes dropped provenance: its subject is in no repository
    Digest goneLongAgo = Digest.sha256(randomBytes(10));
    provenance.record(new ProvenanceRecord(RepositoryName.parse(repository), goneLongAgo, Relation.BASE_IMAGE, base,
        "docker.io/library/debian:12", Origin.LABEL, null, Instant.now().minusSeconds(60)));
    assertEquals(1, provenance.sourcesOf(image.digest()).size());

    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + image.digest()).status());
    Await.until(Duration.ofMinutes(1), "the delete's event to drop the image's provenance",
        () -> provenance.sourcesOf(image.digest()).isEmpty());
    assertEquals(1, provenance.sourcesOf(goneLongAgo).size(), "the event drops only the deleted image's records");

    startRun(true);
    assertEquals(1, provenance.sourcesOf(goneLongAgo).size(), "a dry run removes nothing");
    collect();
    assertEquals(List.of(), provenance.sourcesOf(goneLongAgo));
    assertEquals(List.of(), provenance.derivativesOf(base));
  }

  @Test
  void collect_removesJobsAndProvenanceOfImagesGone_andItsHistorySaysHowMany() {
    String repository = repository("gc-jobs");
    Image kept = pushImage(repository, "v1", randomBytes(200));
    Image deleted = pushImage(repository, "v2", randomBytes(200));
    String keptKey = repository + "@" + kept.digest();
    String deletedKey = repository + "@" + deleted.digest();
    jobs.enqueue(ImageJobs.KIND, keptKey, null, false);
    jobs.enqueue(ImageJobs.KIND, deletedKey, null, false);
    Await.until(Duration.ofMinutes(1), "both image jobs to finish", () -> List.of(keptKey, deletedKey).stream()
        .allMatch(key -> jobs.status(ImageJobs.KIND, key).map(j -> j.state() == JobState.DONE).orElse(false)));
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + deleted.digest()).status());
    Digest goneLongAgo = Digest.sha256(randomBytes(10));
    provenance.record(new ProvenanceRecord(RepositoryName.parse(repository), goneLongAgo, Relation.BASE_IMAGE,
        Digest.sha256(randomBytes(10)), "docker.io/library/debian:12", Origin.LABEL, null,
        Instant.now().minusSeconds(60)));

    JsonNode dryRun = startRun(true);
    assertTrue(dryRun.get("jobsRemoved").asLong() >= 1, dryRun.toString());
    assertTrue(dryRun.get("provenanceRemoved").asLong() >= 1, dryRun.toString());
    assertTrue(jobs.status(ImageJobs.KIND, deletedKey).isPresent(), "a dry run removes no job");

    long id = collect().get("id").asLong();

    assertTrue(jobs.status(ImageJobs.KIND, deletedKey).isEmpty(), "the job of the deleted image is gone");
    assertTrue(jobs.status(ImageJobs.KIND, keptKey).isPresent(), "the job of the image still held stays");
    JsonNode history = json(client.get("/api/v1/gc/runs").body());
    JsonNode run = null;
    for (JsonNode each : history) {
      if (each.get("id").asLong() == id) {
        run = each;
      }
    }
    assertTrue(run != null, history.toString());
    assertTrue(run.get("jobsRemoved").asLong() >= 1, run.toString());
    assertTrue(run.get("provenanceRemoved").asLong() >= 1, run.toString());
  }

  @Test
  void concurrentPushes_whileCollectingInALoop_everyImagePullsIdentical() throws Exception {
    List<byte[]> shared = List.of(randomBytes(3000), randomBytes(3000), randomBytes(3000));
    List<Image> pushed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean pushing = new AtomicBoolean(true);
    AtomicInteger retries = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    Thread collector = new Thread(() -> {
      while (pushing.get()) {
        collect();
        runs.incrementAndGet();
      }
    });
    collector.start();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      int clientNumber = c;
      done.add(clients.submit(() -> {
        OciClient own = new OciClient(URI.create(server.getURL().toString()));
        for (int i = 0; i < 6; i++) {
          String repository = "gc/concurrent-" + (clientNumber % 2) + "/image-" + i;
          byte[] unique = randomBytes(2000);
          byte[] sharedLayer = shared.get((clientNumber + i) % shared.size());
          for (int attempt = 1; ; attempt++) {
            try {
              pushed.add(pushWith(own, repository, "c" + clientNumber, sharedLayer, unique));
              break;
            } catch (AssertionError refused) {
              // garbage collection took a blob between its upload and the manifest: push again, as clients do
              retries.incrementAndGet();
              if (attempt == 200) {
                throw refused;
              }
            }
          }
        }
        return null;
      }));
    }
    try {
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pushing.set(false);
      collector.join();
      clients.shutdown();
    }
    collect();

    assertEquals(24, pushed.size());
    assertTrue(runs.get() >= 1, "garbage collection ran while clients pushed");
    for (Image image : pushed) {
      assertEquals(image.digest().toString(), client.head("/v2/" + image.repository() + "/manifests/" + image.tag(),
          "Accept", MediaTypes.OCI_MANIFEST).header("Docker-Content-Digest").orElseThrow());
      assertPullsIdentical(image);
    }
    assertConsistent();
  }

  @Test
  void collect_removesUnreferencedBlobsLinksAndFiles_keepsEveryPushedImage() throws IOException {
    String repository = repository("gc/keep");
    byte[] layer = randomBytes(4096);
    Image image = pushImage(repository, "v1", layer);
    byte[] garbage = randomBytes(3000);
    Digest garbageDigest = client.pushBlob(repository, garbage);
    Digest withoutRow = storeFileWithoutRow();

    JsonNode run = collect();

    assertEquals(404, client.head("/v2/" + repository + "/blobs/" + garbageDigest).status());
    assertTrue(blobs.size(garbageDigest).isEmpty(), "the unreferenced blob's bytes are gone");
    assertTrue(blobs.size(withoutRow).isEmpty(), "the file without a row is gone");
    assertTrue(run.get("blobsDeleted").asLong() >= 1, run.toString());
    assertTrue(run.get("bytesReclaimed").asLong() >= garbage.length, run.toString());
    assertTrue(run.get("filesWithoutRow").asLong() >= 1, run.toString());
    assertPullsIdentical(image);
    assertConsistent();
    JsonNode history = json(client.get("/api/v1/gc/runs").body());
    assertEquals(run.get("id").asLong(), history.get(0).get("id").asLong());
  }

  @Test
  void dryRun_reportsWhatWouldGo_andChangesNothing() throws IOException {
    String repository = repository("gc/dry");
    pushImage(repository, "v1", randomBytes(2048));
    byte[] garbage = randomBytes(5000);
    Digest garbageDigest = client.pushBlob(repository, garbage);
    storeFileWithoutRow();
    String before = snapshot();

    JsonNode run = startRun(true);

    assertEquals("done", run.get("state").asText(), run.toString());
    assertTrue(run.get("dryRun").asBoolean());
    assertTrue(run.get("blobsDeleted").asLong() >= 1, run.toString());
    assertTrue(run.get("bytesReclaimed").asLong() >= garbage.length, run.toString());
    assertTrue(run.get("linksRemoved").asLong() >= 1, run.toString());
    assertTrue(run.get("filesWithoutRow").asLong() >= 1, run.toString());
    assertEquals(before, snapshot(), "a dry run changes no row and no file");
    OciClient.Response pulled = client.get("/v2/" + repository + "/blobs/" + garbageDigest);
    assertEquals(200, pulled.status());
    assertArrayEquals(garbage, pulled.body());
  }

  @Test
  void collect_afterRunDiedBetweenRowAndBytes_deletesTheBytes() throws IOException {
    Digest digest = storeFileWithoutRow();
    markBeingCollected(digest);

    collect();

    assertTrue(blobs.size(digest).isEmpty());
    assertEquals(0L, (long) database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM gc_sweep"); ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }));
  }

  @Test
  void uploadOfABlobBeingCollected_isToldToPushAgain_andLinksNothing() throws IOException {
    String repository = repository("gc/race");
    byte[] content = randomBytes(1500);
    Digest digest = Digest.sha256(content);
    markBeingCollected(digest);

    OciClient.Response start = client.post("/v2/" + repository + "/blobs/uploads/", null);
    OciClient.Response put = client.put(OciClient.withQuery(start.header("Location").orElseThrow(),
        "digest=" + digest), content, "Content-Type", "application/octet-stream");

    assertEquals(400, put.status(), put.toString());
    assertEquals("BLOB_UPLOAD_INVALID", put.errorCode());
    assertTrue(put.text().contains("push the blob again"), put.text());
    assertEquals(404, client.head("/v2/" + repository + "/blobs/" + digest).status());
    collect();
    client.pushBlob(repository, content);
    assertEquals(200, client.head("/v2/" + repository + "/blobs/" + digest).status());
  }
}
