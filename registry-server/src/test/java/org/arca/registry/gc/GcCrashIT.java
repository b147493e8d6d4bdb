package org.arca.registry.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca killed with SIGKILL in the middle of a garbage-collection run over many garbage blobs, restarted on the same
 * data directory, and collected again: every image still pulls bit-identical, the garbage is gone, and no blob row
 * is left without its bytes nor any file without its row.
 */
class GcCrashIT {
  private static final Map<String, String> ENVIRONMENT = Map.of(
      "ARCA_GC_GRACE_PERIOD", "0s",
      "ARCA_GC_LEASE", "5s",
      "ARCA_JOBS_LEASE", "5s",
      "ARCA_CONVERTER_ENABLED", "false",
      "ARCA_SEARCH_ENABLED", "false");
  private static final int GARBAGE_BLOBS = 200;
  private static final int GARBAGE_FILES = 15_000;

  @TempDir
  Path dataDir;

  @Test
  void sigkillMidRun_restartAndCollectAgain_leavesEveryImageAndNothingElse() throws Exception {
    List<GcContract.Image> images = new ArrayList<>();
    List<Digest> garbage = new ArrayList<>();
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), ENVIRONMENT)) {
      OciClient client = new OciClient(arca.url());
      for (int i = 0; i < 3; i++) {
        images.add(GcContract.pushWith(client, "crash/gc-" + i, "v1", TestImages.randomBytes(4096)));
      }
      for (int i = 0; i < GARBAGE_BLOBS; i++) {
        garbage.add(client.pushBlob("crash/garbage", TestImages.randomBytes(512)));
      }
      for (int i = 0; i < GARBAGE_FILES; i++) {
        writeFileWithoutRow(TestImages.randomBytes(64));
      }
      long before = blobFiles();

      long runId = GcContract.json(client.post("/api/v1/gc/runs", null).body()).get("id").asLong();
      Await.until(Duration.ofMinutes(5), "the run to be half-way through the files", () -> blobFiles() < before
          - GARBAGE_FILES / 3);
      arca.kill();
      assertTrue(blobFiles() > 4, "killed before the run ended");
      assertEquals("running", runState(runId), "the killed run's history says it was running");
    }

    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), ENVIRONMENT)) {
      OciClient client = new OciClient(arca.url());
      // The killed run is taken over once its job's lease runs out; a new request returns it until it ends.
      finish(client, GcContract.json(client.post("/api/v1/gc/runs", null).body()).get("id").asLong());
      finish(client, GcContract.json(client.post("/api/v1/gc/runs", null).body()).get("id").asLong());

      for (GcContract.Image image : images) {
        for (Descriptor blob : image.blobs()) {
          OciClient.Response pulled = client.get("/v2/" + image.repository() + "/blobs/" + blob.digest());
          assertEquals(200, pulled.status());
          assertEquals(blob.digest(), Digest.sha256(pulled.body()));
        }
        assertEquals(200, client.get("/v2/" + image.repository() + "/manifests/v1", "Accept",
            MediaTypes.OCI_MANIFEST).status());
      }
      for (Digest digest : garbage) {
        assertEquals(404, client.head("/v2/crash/garbage/blobs/" + digest).status());
      }
    }
    // 3 layers and one config (the same in every image): exactly their files, and exactly their rows.
    assertEquals(4, blobFiles());
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/arca"), "sa", "");
        Statement s = c.createStatement()) {
      assertEquals(4, count(s, "SELECT COUNT(*) FROM blob"));
      assertEquals(0, count(s, "SELECT COUNT(*) FROM gc_sweep"));
      try (ResultSet r = s.executeQuery("SELECT digest FROM blob")) {
        while (r.next()) {
          Digest digest = Digest.parse(r.getString(1));
          assertTrue(Files.exists(blobPath(digest)), "bytes of " + digest);
        }
      }
    }
  }

  private void finish(OciClient client, long id) {
    JsonNode[] run = new JsonNode[1];
    Await.until(Duration.ofMinutes(5), "run " + id + " to end", () -> {
      run[0] = GcContract.json(client.get("/api/v1/gc/runs/" + id).body());
      String state = run[0].get("state").asText();
      return state.equals("done") || state.equals("failed");
    });
    assertEquals("done", run[0].get("state").asText(), run[0].toString());
  }

  private String runState(long id) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db/arca"), "sa", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT state FROM gc_run WHERE id = " + id)) {
      r.next();
      return r.getString(1);
    }
  }

  private static long count(Statement s, String sql) throws Exception {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private Path blobPath(Digest digest) {
    return dataDir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex());
  }

  /** A blob file as a crash between the move into place and the database row leaves it. */
  private void writeFileWithoutRow(byte[] content) throws IOException {
    Path path = blobPath(Digest.sha256(content));
    Files.createDirectories(path.getParent());
    Files.write(path, content);
  }

  private long blobFiles() {
    while (true) {
      try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
        return files.filter(Files::isRegularFile).count();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) {
          throw e;
        }
        // the collector removed a file while the walk was on its way to it: count again
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
