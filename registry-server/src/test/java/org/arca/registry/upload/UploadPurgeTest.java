package org.arca.registry.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestClock;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Abandoned uploads are purged after the configured age, with their bytes; recent ones are left alone. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadPurgeTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  UploadService uploads;
  @Inject
  ArcaConfiguration config;
  @Inject
  TestClock clock;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.test.clock", "true");
    properties.put("arca.registry.upload-max-age", "1h");
    properties.put("arca.registry.upload-purge-interval", "24h"); // the test purges by itself
    return properties;
  }

  @Test
  void purge_removesAbandonedSessionsAndStrayBytes_andKeepsRecentOnes() throws Exception {
    OciClient client = new OciClient(URI.create(server.getURL().toString()));
    String old = client.post("/v2/purge/me/blobs/uploads/", null).header("Location").orElseThrow();
    OciClient.expect(client.patch(old, TestImages.randomBytes(1000), "Content-Range", "0-999"), 202);
    Path uploadsDir = config.dataDir().resolve("uploads");
    Path oldBytes = uploadsDir.resolve(old.substring(old.lastIndexOf('/') + 1));
    Path stray = uploadsDir.resolve("00000000-0000-4000-8000-000000000000");
    Files.write(stray, TestImages.randomBytes(10)); // a single-request upload cut short by a crash: bytes, no row

    clock.advance(Duration.ofHours(2));
    String recent = client.post("/v2/purge/me/blobs/uploads/", null).header("Location").orElseThrow();
    Path recentBytes = uploadsDir.resolve(recent.substring(recent.lastIndexOf('/') + 1));
    // file times come from the real clock: make the newer file look newer than the cutoff as well
    Files.setLastModifiedTime(recentBytes, FileTime.from(clock.instant()));

    assertEquals(2, uploads.purgeAbandoned(), "the old session and the stray bytes");
    assertEquals(404, client.get(old).status());
    assertFalse(Files.exists(oldBytes));
    assertFalse(Files.exists(stray));
    assertEquals(204, client.get(recent).status());
    assertTrue(Files.exists(recentBytes));
  }
}
