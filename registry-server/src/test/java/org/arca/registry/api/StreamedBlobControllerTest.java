package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Blob downloads through Micronaut's controllers (as TLS and HTTP/2 clients get them) from a storage that offers no
 * local files: the blob is streamed with its length.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamedBlobControllerTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  BlobStorage storage;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2(false);
    properties.put("arca.storage.zero-copy", "false");
    return properties;
  }

  private OciClient client() {
    return new OciClient(URI.create(server.getURL().toString()));
  }

  @Test
  void getBlob_streamsTheBytesWithTheirLength() {
    String repository = repository("controller");
    byte[] content = randomBytes(2 * 1024 * 1024 + 5);
    Digest digest = client().pushBlob(repository, content);
    Response response = client().get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(200, response.status(), response::toString);
    assertEquals(Integer.toString(content.length), response.header("Content-Length").orElseThrow());
    assertEquals(digest.toString(), response.header("Docker-Content-Digest").orElseThrow());
    assertArrayEquals(content, response.body());
  }

  // bytes the database says exist but storage lost are damage, not an unknown blob: quarantined (issue 17), so HEAD,
  // which the database answers, agrees with GET until a repair restores them
  @Test
  void getBlob_whoseBytesAreMissing_isQuarantined_andHeadAgrees() throws IOException {
    String repository = repository("controller");
    Digest digest = client().pushBlob(repository, randomBytes(1000));
    storage.delete(digest);
    Response response = client().get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(503, response.status(), response::toString);
    assertEquals("BLOB_QUARANTINED", response.errorCode());
    assertEquals(503, client().head("/v2/" + repository + "/blobs/" + digest).status());
  }
}
