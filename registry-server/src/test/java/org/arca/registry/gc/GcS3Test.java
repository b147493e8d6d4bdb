package org.arca.registry.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.S3ProxyServer;
import org.arca.registry.testing.TestClock;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Garbage collection with blobs in an S3 bucket (S3Proxy): the abandoned multipart uploads a crash in a commit
 * leaves (harbor#17651) are aborted by a run once they are older than the upload age limit. The whole GC contract is
 * not run here: its concurrent-push loop takes minutes against S3Proxy.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcS3Test implements TestPropertyProvider {
  @Inject
  TestClock clock;
  @Inject
  EmbeddedServer server;

  private S3ProxyServer s3;
  private String bucket;

  @Override
  public Map<String, String> getProperties() {
    s3 = new S3ProxyServer();
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.putAll(s3.arcaProperties());
    bucket = properties.get("arca.storage.s3.bucket");
    properties.put("arca.gc.grace-period", "0s");
    properties.put("arca.test.clock", "true");
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.search.enabled", "false");
    return properties;
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void collect_abortsMultipartUploadsAbandonedLongerThanTheUploadMaxAge() {
    try (S3Client direct = s3.client()) {
      String key = "blobs/sha256/ab/" + "ab".repeat(32);
      String abandoned = direct.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
      OciClient client = new OciClient(URI.create(server.getURL().toString()));
      collectWith(client);
      assertEquals(List.of(abandoned), incomplete(direct), "a young multipart upload may be a commit under way");
      clock.advance(Duration.ofDays(2)); // past arca.registry.upload-max-age (1 day)
      collectWith(client);
      assertEquals(List.of(), incomplete(direct));
    }
  }

  private static void collectWith(OciClient client) {
    long id = GcContract.json(client.post("/api/v1/gc/runs", null).body()).get("id").asLong();
    Await.until(Duration.ofMinutes(1), "garbage-collection run " + id + " to finish", () -> GcContract.json(
        client.get("/api/v1/gc/runs/" + id).body()).get("state").asText().equals("done"));
  }

  private List<String> incomplete(S3Client direct) {
    return direct.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
        .map(MultipartUpload::uploadId).toList();
  }
}
