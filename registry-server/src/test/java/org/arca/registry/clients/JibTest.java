package org.arca.registry.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Jib Core, in-process, builds an image, pushes it to Arca, and pulls it back through Arca. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JibTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @TempDir
  Path work;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  private Containerizer containerizer(Containerizer containerizer) {
    return containerizer
        .setAllowInsecureRegistries(true)
        .setBaseImageLayersCache(work.resolve("jib-base-cache"))
        .setApplicationLayersCache(work.resolve("jib-app-cache"))
        .setToolName("arca-tests");
  }

  @Test
  void jib_buildsPushesAndPullsAnImage() throws Exception {
    String host = server.getHost() + ":" + server.getPort();
    Path app = work.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("hello.txt"), "hello from jib\n");
    Files.write(app.resolve("data.bin"), new byte[300_000]);

    ImageReference target = ImageReference.parse(host + "/jib/hello:1.0");
    JibContainer pushed = Jib.fromScratch()
        .addLayer(List.of(app.resolve("hello.txt"), app.resolve("data.bin")), AbsoluteUnixPath.get("/app"))
        .setEntrypoint("/app/hello.txt")
        .addLabel("org.opencontainers.image.title", "hello")
        .containerize(containerizer(Containerizer.to(RegistryImage.named(target))));

    OciClient client = new OciClient(URI.create(server.getURL().toString()));
    OciClient.Response manifest = client.get("/v2/jib/hello/manifests/1.0",
        "Accept", MediaTypes.OCI_MANIFEST + ", " + MediaTypes.DOCKER_MANIFEST);
    assertEquals(200, manifest.status());
    assertEquals(pushed.getDigest().toString(), manifest.header("Docker-Content-Digest").orElseThrow());

    // Pull back: Jib uses the pushed image as a base and writes it out as a tarball, fetching every layer.
    Path tar = work.resolve("pulled.tar");
    JibContainer pulled = Jib.from(RegistryImage.named(target))
        .containerize(containerizer(Containerizer.to(TarImage.at(tar).named("pulled:1.0"))));
    assertEquals(pushed.getImageId(), pulled.getImageId());
    Path unpacked = work.resolve("unpacked");
    Files.createDirectories(unpacked);
    Processes.run("tar", "-xf", tar.toString(), "-C", unpacked.toString());
    boolean found = false;
    try (var files = Files.list(unpacked)) {
      for (Path layer : files.filter(p -> p.toString().endsWith(".tar.gz")).toList()) {
        String listing = Processes.run("tar", "-tzf", layer.toString());
        found |= listing.contains("app/hello.txt");
      }
    }
    assertTrue(found, "the pulled image holds the pushed layer");
    String manifestText = new String(manifest.body(), StandardCharsets.UTF_8);
    assertTrue(manifestText.contains("layers"), manifestText);
  }
}
