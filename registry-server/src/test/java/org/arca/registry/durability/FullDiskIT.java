package org.arca.registry.durability;

import static org.arca.registry.testing.Processes.run;
import static org.arca.registry.testing.Processes.runAllowingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.arca.core.Digest;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.PatternStream;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca on a data directory whose disk fills up: a 64 MiB tmpfs mounted for the test (so it runs as root, as the
 * test command does), filled by another writer until the kernel says no space is left. Pulls of what was stored
 * must go on bit for bit, pushes must be refused at once with a message saying the disk is full and leave nothing
 * behind, health must say so, and once the filler is deleted a push must work again without a restart. Before the
 * reserve, the first push on the full disk made H2 close the database, and every request failed from then on.
 */
class FullDiskIT {
  private static final String RESERVE = "8MB";

  @TempDir
  Path work;

  @Test
  void fullDataDisk_pullsWork_pushesRefusedClearly_recoversWhenFreed() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("data"));
    run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", dataDir.toString());
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), Map.of("ARCA_STORAGE_RESERVE", RESERVE))) {
      try {
        fillAndFree(arca, dataDir);
      } catch (AssertionError | RuntimeException e) {
        e.addSuppressed(new AssertionError("Arca's log:\n" + log(arca))); // the log goes with the process
        throw e;
      }
    } finally {
      run("umount", dataDir.toString());
    }
  }

  private void fillAndFree(ArcaProcess arca, Path dataDir) throws Exception {
    OciClient client = new OciClient(arca.url());
    String registry = arca.url().getAuthority();
    Path stored = image("stored", 3 << 20);
    copy("oci:" + stored + ":stored", "docker://" + registry + "/lab/tool:stored");

    Path filler = dataDir.resolve("filler");
    fillUntilFull(filler);

    // pulls of what was stored still work, bit for bit
    Path pulled = work.resolve("pulled");
    copy("docker://" + registry + "/lab/tool:stored", "oci:" + pulled + ":stored");
    assertSameBlobs(stored, pulled);

    // a push is refused, and says why
    Path fresh = image("fresh", 2 << 20);
    Processes.Result push = runAllowingFailure(skopeoCopy("oci:" + fresh + ":fresh",
        "docker://" + registry + "/lab/tool:fresh"), null);
    assertNotEquals(0, push.exitCode(), push.output());
    assertTrue(push.output().contains("the registry's disk is full"), push.output());
    byte[] blob = TestImages.randomBytes(100_000);
    OciClient.Response monolithic = client.post("/v2/lab/tool/blobs/uploads/?digest=" + Digest.sha256(blob), blob);
    assertEquals(403, monolithic.status(), monolithic::toString);
    assertEquals("DENIED", monolithic.errorCode(), monolithic::toString);
    assertTrue(monolithic.text().contains("the registry's disk is full"), monolithic::toString);
    OciClient.Response manifest = client.put("/v2/lab/tool/manifests/copy",
        client.get("/v2/lab/tool/manifests/stored", "Accept", "application/vnd.oci.image.manifest.v1+json").body(),
        "Content-Type", "application/vnd.oci.image.manifest.v1+json");
    assertEquals(403, manifest.status(), manifest::toString);
    assertEquals(List.of(), uploads(dataDir));

    // health reports the data directory, and the database stayed open
    OciClient.Response health = client.get("/health");
    assertEquals(503, health.status(), health::toString);
    JsonNode disk = OciJson.MAPPER.readTree(health.body()).get("details").get("diskSpace");
    assertEquals("DOWN", disk.get("status").asText(), health::toString);
    assertEquals(dataDir.toString(), disk.get("details").get("path").asText(), health::toString);
    assertEquals(8L << 20, disk.get("details").get("reserve").asLong(), health::toString);
    assertEquals("UP", OciJson.MAPPER.readTree(health.body()).get("details").get("jdbc").get("status").asText(),
        health::toString);
    assertEquals(200, client.get("/v2/lab/tool/tags/list").status());
    assertFalse(arca.log().contains("The database has been closed"), () -> log(arca));

    // freed space: pushes work again, without a restart
    Files.delete(filler);
    Await.until(Duration.ofSeconds(30), "health to be UP again", () -> client.get("/health").status() == 200);
    copy("oci:" + fresh + ":fresh", "docker://" + registry + "/lab/tool:fresh");
    Path pulledFresh = work.resolve("pulled-fresh");
    copy("docker://" + registry + "/lab/tool:fresh", "oci:" + pulledFresh + ":fresh");
    assertSameBlobs(fresh, pulledFresh);

    // a body larger than the disk, of unknown length, is cut off when the disk runs out, and leaves nothing
    long tooLarge = 96L << 20;
    Digest digest = CrashRecoveryIT.digestOf(new PatternStream(7, tooLarge));
    try {
      OciClient.Response streamed = client.send(HttpRequest.newBuilder(
              client.base().resolve("/v2/lab/big/blobs/uploads/?digest=" + digest))
          .timeout(Duration.ofMinutes(2))
          .header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(7, tooLarge)))
          .build());
      assertEquals(403, streamed.status(), streamed::toString);
      assertTrue(streamed.text().contains("the registry's disk is full"), streamed::toString);
    } catch (UncheckedIOException refusedWhileSending) {
      // Arca answers and closes while the client is still sending; the client may see only the closed connection
    }
    Await.until(Duration.ofSeconds(30), "the cut-off upload's bytes to be dropped",
        () -> uploads(dataDir).isEmpty());
    Await.until(Duration.ofSeconds(30), "health to be UP after the cut-off upload",
        () -> client.get("/health").status() == 200);
    Digest small = client.pushBlob("lab/tool", blob);
    assertEquals(200, client.head("/v2/lab/tool/blobs/" + small).status());
    assertFalse(arca.log().contains("The database has been closed"), () -> log(arca));
  }

  private static String log(ArcaProcess arca) {
    try {
      return arca.log();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code filler} until the file system has no space left, as a runaway log or another program would. */
  private static void fillUntilFull(Path filler) throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(buffer);
      }
    } catch (IOException expected) {
      assertTrue(String.valueOf(expected.getMessage()).contains("No space left on device"), expected::toString);
    }
    assertEquals(0, Files.getFileStore(filler).getUsableSpace());
  }

  /** An OCI layout holding one image with a layer of {@code size} random bytes. */
  private Path image(String tag, int size) throws IOException {
    Path layout = work.resolve("layout-" + tag);
    Path content = Files.createDirectories(work.resolve("content-" + tag));
    Files.write(content.resolve("data.bin"), TestImages.randomBytes(size));
    run("umoci", "init", "--layout", layout.toString());
    run("umoci", "new", "--image", layout + ":" + tag);
    run("umoci", "insert", "--image", layout + ":" + tag, content.toString(), "/");
    run("umoci", "gc", "--layout", layout.toString()); // only the image's own blobs, to compare with a pull
    return layout;
  }

  private static List<String> skopeoCopy(String from, String to) {
    return new ArrayList<>(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
        "--dest-tls-verify=false", "--retry-times", "0", from, to));
  }

  private static void copy(String from, String to) {
    run(skopeoCopy(from, to));
  }

  /** Every blob the pulled layout holds is in the original, byte for byte, and none is missing. */
  private static void assertSameBlobs(Path original, Path pulled) throws IOException {
    TreeSet<String> names = blobNames(pulled);
    assertEquals(blobNames(original), names);
    for (String name : names) {
      Path blob = Path.of("blobs", "sha256", name);
      assertEquals(-1, Files.mismatch(original.resolve(blob), pulled.resolve(blob)), name);
    }
  }

  private static TreeSet<String> blobNames(Path layout) throws IOException {
    try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static List<String> uploads(Path dataDir) {
    try (Stream<Path> files = Files.list(dataDir.resolve("uploads"))) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
