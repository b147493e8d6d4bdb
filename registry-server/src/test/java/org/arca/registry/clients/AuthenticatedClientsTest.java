package org.arca.registry.clients;

import static org.arca.registry.testing.Processes.run;
import static org.arca.registry.testing.Processes.runAllowingFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real clients through the Docker token flow: skopeo with and without credentials, a robot, and Jib Core. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticatedClientsTest implements TestPropertyProvider {
  private static final String PASSWORD = "researcher-password";

  @Inject
  EmbeddedServer server;
  @TempDir
  Path work;

  private String host;
  private Path layout;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", "admin-password-for-tests");
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  @BeforeAll
  void setUp() {
    host = server.getHost() + ":" + server.getPort();
    OciClient admin = new OciClient(URI.create(server.getURL().toString()))
        .withBasic("admin", "admin-password-for-tests");
    for (String user : List.of("rita", "sam")) {
      OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    }
    layout = Processes.debianMinbase();
  }

  private Processes.Result skopeo(String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(arguments));
    return runAllowingFailure(command, null);
  }

  @Test
  void skopeoWithCredentials_pushesAndPullsThroughTheTokenFlow() throws Exception {
    run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", "rita:" + PASSWORD,
        "oci:" + layout + ":bookworm", "docker://" + host + "/rita/debian:bookworm");
    Path out = work.resolve("pulled");
    run("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false", "--src-creds", "rita:" + PASSWORD,
        "docker://" + host + "/rita/debian:bookworm", "oci:" + out + ":bookworm");
    assertEquals(OciJson.MAPPER.readTree(layout.resolve("index.json").toFile()).get("manifests").get(0).get("digest"),
        OciJson.MAPPER.readTree(out.resolve("index.json").toFile()).get("manifests").get(0).get("digest"));
  }

  @Test
  void anonymousSkopeo_pullsAPublicImageButCannotPush() {
    run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", "rita:" + PASSWORD,
        "oci:" + layout + ":bookworm", "docker://" + host + "/rita/public:bookworm");
    Processes.Result pull = skopeo("copy", "--src-tls-verify=false", "docker://" + host + "/rita/public:bookworm",
        "oci:" + work.resolve("anonymous-pull") + ":x");
    assertEquals(0, pull.exitCode(), pull.output());
    Processes.Result push = skopeo("copy", "--dest-tls-verify=false", "oci:" + layout + ":bookworm",
        "docker://" + host + "/rita/anonymous:bookworm");
    assertNotEquals(0, push.exitCode());
    assertTrue(push.output().toLowerCase().contains("unauthorized") || push.output().contains("authentication required"),
        push.output());
  }

  @Test
  void pushIntoSomeoneElsesNamespace_isDenied() {
    Processes.Result push = skopeo("copy", "--dest-tls-verify=false", "--dest-creds", "sam:" + PASSWORD,
        "oci:" + layout + ":bookworm", "docker://" + host + "/rita/intruder:bookworm");
    assertNotEquals(0, push.exitCode());
    assertTrue(push.output().contains("denied") || push.output().contains("403"), push.output());
  }

  @Test
  void robotCredentials_pushForACiPipeline() throws Exception {
    OciClient rita = new OciClient(URI.create(server.getURL().toString())).withBasic("rita", PASSWORD);
    OciClient.Response robot = rita.post("/api/v1/namespaces/rita/robots",
        "{\"name\":\"pipeline\",\"actions\":[\"pull\",\"push\"]}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertEquals(201, robot.status(), robot::toString);
    String token = OciJson.MAPPER.readTree(robot.body()).get("token").asText();
    run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", "rita+pipeline:" + token,
        "oci:" + layout + ":bookworm", "docker://" + host + "/rita/from-ci:1");
    assertEquals(200, rita.get("/v2/rita/from-ci/manifests/1").status());
  }

  @Test
  void jibWithCredentials_pushesAndPulls() throws Exception {
    // Jib refuses to send credentials over plain HTTP unless told to (the test server has no TLS).
    System.setProperty("sendCredentialsOverHttp", "true");
    System.setProperty("jib.sendCredentialsOverHttp", "true");
    Path app = work.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("hello.txt"), "hello\n");
    ImageReference reference = ImageReference.parse(host + "/rita/jib-app:1");
    JibContainer pushed = Jib.fromScratch()
        .addLayer(List.of(app.resolve("hello.txt")), AbsoluteUnixPath.get("/app"))
        .containerize(Containerizer.to(RegistryImage.named(reference).addCredential("rita", PASSWORD))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(work.resolve("base-cache"))
            .setApplicationLayersCache(work.resolve("app-cache")));
    JibContainer pulled = Jib.from(RegistryImage.named(reference).addCredential("rita", PASSWORD))
        .containerize(Containerizer.to(TarImage.at(work.resolve("pulled.tar")).named("pulled"))
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(work.resolve("base-cache-2"))
            .setApplicationLayersCache(work.resolve("app-cache-2")));
    assertEquals(pushed.getImageId(), pulled.getImageId());
  }
}
