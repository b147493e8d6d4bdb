package org.arca.registry.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.PatternStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GiB blob pushed and pulled through Arca running with {@code -Xmx256m}: it only works if no blob is ever held in
 * memory. The test's own side streams too (the bytes are generated on the fly).
 */
class LargeBlobStreamingIT {
  private static final long SIZE = 2L << 30;

  @TempDir
  Path dataDir;

  @Test
  void twoGibibyteBlob_pushedAndPulledWithSmallHeap() throws Exception {
    Digest digest = CrashRecoveryIT.digestOf(new PatternStream(42, SIZE));
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m", "-XX:MaxDirectMemorySize=64m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      String location = client.post("/v2/big/blob/blobs/uploads/", null).header("Location").orElseThrow();
      OciClient.Response put = client.send(HttpRequest.newBuilder(
              client.base().resolve(OciClient.withQuery(location, "digest=" + digest)))
          .timeout(Duration.ofMinutes(10))
          .header("Content-Type", "application/octet-stream")
          .PUT(HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(42, SIZE)), SIZE))
          .build());
      assertEquals(201, put.status(), put::toString);

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<InputStream> pulled = http.send(HttpRequest.newBuilder(
              client.base().resolve("/v2/big/blob/blobs/" + digest)).timeout(Duration.ofMinutes(10)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, pulled.statusCode());
      assertEquals(Long.toString(SIZE), pulled.headers().firstValue("Content-Length").orElseThrow());
      try (InputStream body = pulled.body()) {
        assertEquals(digest, CrashRecoveryIT.digestOf(body));
      }
      assertTrue(arca.isAlive());
      assertEquals(200, client.get("/v2/").status());
      System.out.println("peak RSS of Arca with -Xmx256m after 2 GiB in and out: " + arca.peakRssKib() / 1024 + " MiB");
    }
  }
}
