package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The OCI API contract with the storage offering no local files ({@code arca.storage.zero-copy=false}), so that every
 * blob download takes the streaming path an object store takes: bytes, lengths and ranges must come out the same.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciApiStreamingTest extends OciApiContract implements TestPropertyProvider {
  @Inject
  BlobStorage storage;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2();
    properties.put("arca.storage.zero-copy", "false");
    return properties;
  }

  @Test
  void storage_offersNoLocalFile_soDownloadsStream() {
    Digest digest = client.pushBlob(repository("stream"), randomBytes(100));
    assertTrue(storage.localFile(digest).isEmpty());
  }

  @Test
  void getBlob_ofSeveralStreamBuffers_wholeAndRangedAcrossBufferEdges() {
    String repository = repository("stream");
    byte[] content = randomBytes(3 * 1024 * 1024 + 17);
    Digest digest = client.pushBlob(repository, content);
    Response whole = client.get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(200, whole.status());
    assertEquals(Integer.toString(content.length), whole.header("Content-Length").orElseThrow());
    assertArrayEquals(content, whole.body());
    Response part = client.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=65000-200000");
    assertEquals(206, part.status());
    assertEquals("135001", part.header("Content-Length").orElseThrow());
    assertArrayEquals(Arrays.copyOfRange(content, 65_000, 200_001), part.body());
  }

  // bytes the database says exist but storage lost are damage, not an unknown blob: quarantined (issue 17), so HEAD,
  // which the database answers, agrees with GET until a repair restores them
  @Test
  void getBlob_whoseBytesAreMissing_isQuarantined_andHeadAgrees() throws IOException {
    String repository = repository("stream");
    Digest digest = client.pushBlob(repository, randomBytes(1000));
    storage.delete(digest);
    Response response = client.get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(503, response.status(), response::toString);
    assertEquals("BLOB_QUARANTINED", response.errorCode());
    assertEquals(503, client.head("/v2/" + repository + "/blobs/" + digest).status());
  }
}
