package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Arrays;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.S3ProxyServer;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

/** The OCI API contract with blobs in an S3 bucket ({@code arca.storage.backend=s3}), served by S3Proxy. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciApiS3Test extends OciApiContract implements TestPropertyProvider {
  private S3ProxyServer s3;
  private String bucket;

  @Override
  public Map<String, String> getProperties() {
    s3 = new S3ProxyServer();
    Map<String, String> properties = TestDatabases.h2();
    properties.putAll(s3.arcaProperties());
    bucket = properties.get("arca.storage.s3.bucket");
    return properties;
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void pushedBlob_isAnObjectInTheBucket() throws Exception {
    byte[] content = randomBytes(1000);
    Digest digest = client.pushBlob(repository("s3"), content);
    try (S3Client direct = s3.client()) {
      byte[] stored = direct.getObjectAsBytes(b -> b.bucket(bucket)
          .key("blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex())).asByteArray();
      assertArrayEquals(content, stored);
    }
  }

  @Test
  void chunkedPush_ofSeveralParts_isCommittedAndReadBackWithRanges() {
    String repository = repository("s3");
    byte[] content = randomBytes(12 * 1024 * 1024 + 3); // two whole 5 MiB parts and a buffered rest
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    int chunk = 3 * 1024 * 1024;
    for (int start = 0; start < content.length; start += chunk) {
      int end = Math.min(content.length, start + chunk);
      Response patch = client.patch(location, Arrays.copyOfRange(content, start, end),
          "Content-Range", start + "-" + (end - 1));
      assertEquals(202, patch.status(), patch::toString);
      location = patch.header("Location").orElseThrow();
    }
    Response put = client.put(OciClient.withQuery(location, "digest=" + digest), null);
    assertEquals(201, put.status(), put::toString);
    Response whole = client.get("/v2/" + repository + "/blobs/" + digest);
    assertArrayEquals(content, whole.body());
    Response part = client.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=5242000-5243000");
    assertEquals(206, part.status());
    assertArrayEquals(Arrays.copyOfRange(content, 5_242_000, 5_243_001), part.body());
  }
}
