package org.arca.registry.storage;

import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.fixity.Check;
import org.arca.registry.fixity.Outcome;
import org.arca.registry.fixity.Quarantine;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.S3ProxyServer;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code arca.storage.s3.redirect-pulls} on, a blob GET is answered with a 307 to a short-lived presigned URL of
 * the object, which a client without any credentials can fetch (whole or a range); everything Arca refuses is refused
 * before any URL is handed out. The subclasses run it through the Netty fast path and through the controllers.
 */
abstract class PresignedPullContract {
  private static final String ADMIN_PASSWORD = "admin-password-for-tests";

  @Inject
  EmbeddedServer server;
  @Inject
  Quarantine quarantine;

  private S3ProxyServer s3;
  private OciClient anonymous;
  private OciClient admin;
  private final HttpClient direct = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** Properties of a server on S3Proxy handing out presigned URLs, with authentication on and private repositories. */
  Map<String, String> properties(boolean fastPath) {
    s3 = new S3ProxyServer();
    Map<String, String> properties = new HashMap<>(TestDatabases.h2(fastPath));
    properties.putAll(s3.arcaProperties());
    properties.put("arca.storage.s3.redirect-pulls", "true");
    properties.put("arca.storage.s3.redirect-validity", "2m");
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.auth.default-visibility", "private");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  @BeforeAll
  void connect() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void get_redirectsToAPresignedUrlThatServesTheBlobWholeAndInRanges() throws Exception {
    String repository = repository("presigned");
    byte[] content = randomBytes(300_000);
    Digest digest = admin.pushBlob(repository, content);

    Response get = admin.get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(307, get.status(), get::toString);
    assertEquals(digest.toString(), get.header("Docker-Content-Digest").orElseThrow());
    URI location = URI.create(get.header("Location").orElseThrow());
    assertEquals(s3.endpoint().getAuthority(), location.getAuthority(), location::toString);
    assertTrue(location.getQuery().contains("X-Amz-Expires=120"), location::toString);

    HttpResponse<byte[]> whole = direct.send(HttpRequest.newBuilder(location).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, whole.statusCode());
    assertArrayEquals(content, whole.body());
    HttpResponse<byte[]> range = direct.send(HttpRequest.newBuilder(location).header("Range", "bytes=1000-1999")
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(206, range.statusCode());
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), range.body());
  }

  @Test
  void head_isAnsweredByArcaItself() {
    String repository = repository("presigned");
    byte[] content = randomBytes(1_000);
    Digest digest = admin.pushBlob(repository, content);
    Response head = admin.head("/v2/" + repository + "/blobs/" + digest);
    assertEquals(200, head.status(), head::toString);
    assertEquals("1000", head.header("Content-Length").orElseThrow());
    assertTrue(head.header("Location").isEmpty());
  }

  @Test
  void withoutAccess_noUrlIsHandedOut() {
    String repository = repository("presigned");
    Digest digest = admin.pushBlob(repository, randomBytes(1_000));
    Response get = anonymous.get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(401, get.status(), get::toString);
    assertTrue(get.header("Location").isEmpty(), get::toString);
  }

  @Test
  void quarantinedBlob_noUrlIsHandedOut() throws IOException {
    String repository = repository("presigned");
    Digest digest = admin.pushBlob(repository, randomBytes(1_000));
    quarantine.record(new Check(digest, Outcome.CORRUPT, "test: bytes changed"), "test");
    Response get = admin.get("/v2/" + repository + "/blobs/" + digest);
    assertEquals(503, get.status(), get::toString);
    assertEquals("BLOB_QUARANTINED", get.errorCode());
    assertTrue(get.header("Location").isEmpty(), get::toString);
  }
}
