package org.arca.registry.durability;

import static org.arca.registry.testing.OciClient.withQuery;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.PatternStream;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca killed with SIGKILL in the middle of a large chunked upload and of a burst of manifest PUTs, then restarted on
 * the same data directory: no partial blob is visible, no manifest points at missing content, every acknowledged
 * push is still there, and the interrupted upload resumes from its last complete chunk.
 */
class CrashRecoveryIT {
  private static final String REPO = "crash/app";
  private static final long CHUNK = 8L << 20;
  private static final long TOTAL = CHUNK + (256L << 20);

  @TempDir
  Path dataDir;

  @Test
  void sigkillDuringUploadAndManifestBurst_leavesConsistentStateAndUploadResumes() throws Exception {
    Digest whole = digestOf(new PatternStream(7, TOTAL));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    String location;
    Descriptor config;
    Descriptor layer;
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      byte[] configBytes = TestImages.config("amd64");
      byte[] layerBytes = TestImages.randomBytes(4096);
      config = TestImages.descriptor(MediaTypes.OCI_CONFIG, configBytes);
      layer = TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layerBytes);
      client.pushBlob(REPO, configBytes);
      client.pushBlob(REPO, layerBytes);

      location = client.post("/v2/" + REPO + "/blobs/uploads/", null).header("Location").orElseThrow();
      byte[] first = new PatternStream(7, CHUNK).readAllBytes();
      OciClient.expect(client.patch(location, first, "Content-Range", "0-" + (CHUNK - 1)), 202);

      // The second chunk stalls after 32 MiB, so the kill surely lands while its bytes are arriving.
      CountDownLatch release = new CountDownLatch(1);
      AtomicLong sent = new AtomicLong();
      String chunkLocation = location;
      Thread uploader = new Thread(() -> {
        try {
          InputStream rest = new StallingStream(skip(new PatternStream(7, TOTAL), CHUNK), 32L << 20, release, sent);
          client.send(HttpRequest.newBuilder(client.base().resolve(chunkLocation))
              .header("Content-Range", CHUNK + "-" + (TOTAL - 1))
              .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofInputStream(() -> rest), TOTAL - CHUNK))
              .build());
        } catch (RuntimeException | IOException expected) {
          // the server dies under it
        }
      });
      Thread burst = new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          byte[] manifest = TestImages.manifest(MediaTypes.OCI_MANIFEST, config, List.of(layer), null, null,
              TestImages.annotations("burst", Integer.toString(i)));
          try {
            OciClient.Response response = client.put("/v2/" + REPO + "/manifests/t" + i, manifest,
                "Content-Type", MediaTypes.OCI_MANIFEST);
            if (response.status() == 201) {
              acknowledged.add("t" + i);
            }
          } catch (RuntimeException serverGone) {
            return;
          }
        }
      });
      uploader.start();
      burst.start();
      Path uploadFile = dataDir.resolve("uploads").resolve(location.substring(location.lastIndexOf('/') + 1));
      Await.until(Duration.ofMinutes(2), "the second chunk to be arriving and manifests to be pushed",
          () -> sizeOf(uploadFile) > CHUNK + (16L << 20) && acknowledged.size() >= 20);
      arca.kill();
      release.countDown();
      uploader.join(TimeUnit.MINUTES.toMillis(1));
      burst.join(TimeUnit.MINUTES.toMillis(1));
    }

    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      assertEveryBlobFileMatchesItsName();
      assertEveryAcknowledgedTagIsWhole(client, acknowledged);

      OciClient.Response status = client.get(location);
      assertEquals(204, status.status(), status::toString);
      assertEquals("0-" + (CHUNK - 1), status.header("Range").orElseThrow(), "only whole chunks count");
      InputStream rest = skip(new PatternStream(7, TOTAL), CHUNK);
      OciClient.Response resumed = client.send(HttpRequest.newBuilder(client.base().resolve(location))
          .header("Content-Range", CHUNK + "-" + (TOTAL - 1))
          .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> rest), TOTAL - CHUNK))
          .build());
      assertEquals(202, resumed.status(), resumed::toString);
      OciClient.Response committed = client.put(withQuery(location, "digest=" + whole), null);
      assertEquals(201, committed.status(), committed::toString);
      OciClient.Response head = client.head("/v2/" + REPO + "/blobs/" + whole);
      assertEquals(Long.toString(TOTAL), head.header("Content-Length").orElseThrow());
      assertEveryBlobFileMatchesItsName();
    }
  }

  private void assertEveryBlobFileMatchesItsName() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir.resolve("blobs"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Digest named = new Digest(file.getParent().getParent().getFileName().toString(), file.getFileName().toString());
        try (InputStream in = Files.newInputStream(file)) {
          assertEquals(named, digestOf(in), "blob file " + file + " holds other content than its name says");
        }
      }
    }
  }

  private static void assertEveryAcknowledgedTagIsWhole(OciClient client, Set<String> acknowledged) {
    JsonNode tags = json(client.get("/v2/" + REPO + "/tags/list?n=1000"));
    Set<String> present = new java.util.HashSet<>();
    tags.get("tags").forEach(t -> present.add(t.asText()));
    assertTrue(present.containsAll(acknowledged), "every manifest PUT answered 201 survives the crash");
    for (String tag : present) {
      OciClient.Response response = client.get("/v2/" + REPO + "/manifests/" + tag, "Accept", MediaTypes.OCI_MANIFEST);
      assertEquals(200, response.status());
      assertEquals(response.header("Docker-Content-Digest").orElseThrow(), Digest.sha256(response.body()).toString());
      for (Descriptor reference : Manifest.parse(response.body(), MediaTypes.OCI_MANIFEST).references()) {
        OciClient.Response blob = client.get("/v2/" + REPO + "/blobs/" + reference.digest());
        assertEquals(200, blob.status(), "manifest " + tag + " points at " + reference.digest());
        assertArrayEquals(Digest.sha256(blob.body()).hex().getBytes(), reference.digest().hex().getBytes());
      }
    }
  }

  private static JsonNode json(OciClient.Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Digest digestOf(InputStream in) throws IOException {
    MessageDigest sha = Digest.newMessageDigest("sha256");
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
    }
    return Digest.of(sha.digest(), "sha256");
  }

  static InputStream skip(InputStream in, long bytes) throws IOException {
    in.skipNBytes(bytes);
    return in;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Passes bytes through until {@code stallAt}, then blocks until released (or for at most two minutes). */
  private static final class StallingStream extends InputStream {
    private final InputStream in;
    private final long stallAt;
    private final CountDownLatch release;
    private final AtomicLong sent;

    StallingStream(InputStream in, long stallAt, CountDownLatch release, AtomicLong sent) {
      this.in = in;
      this.stallAt = stallAt;
      this.release = release;
      this.sent = sent;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (sent.get() >= stallAt) {
        try {
          release.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("stalled upload released");
      }
      int n = in.read(buffer, offset, (int) Math.min(length, stallAt - sent.get()));
      if (n > 0) {
        sent.addAndGet(n);
      }
      return n;
    }
  }
}
