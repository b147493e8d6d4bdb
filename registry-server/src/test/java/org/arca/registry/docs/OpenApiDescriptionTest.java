package org.arca.registry.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI description that the build writes from the controllers: the server serves it to anonymous callers,
 * it covers every API group, and {@code docs/api/openapi.yml} is the same file.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDescriptionTest implements TestPropertyProvider {
  private static final String GENERATED = "META-INF/swagger/arca.yml";
  /** Tests run in the module's directory; the docs are at the top of the repository. */
  private static final Path COMMITTED = Path.of("..", "docs", "api", "openapi.yml");

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    // with authentication on, so that the test shows the description needs no credentials
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.auth.bcrypt-cost", "4"); // the first admin's random password is hashed at start
    return properties;
  }

  @Test
  void servedDescription_anonymousCaller_getsYamlWithEveryApiGroup() {
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient.Response response = anonymous.get("/swagger/arca.yml");
    assertEquals(200, response.status(), response.toString());

    Map<String, Object> description = new Yaml().load(response.text());
    assertEquals("Arca", ((Map<?, ?>) description.get("info")).get("title"));
    Map<?, ?> paths = (Map<?, ?>) description.get("paths");
    for (String path : List.of("/v2", "/v2/_catalog", "/v2/{name}/manifests/{reference}", "/v2/{name}/blobs/{digest}",
        "/v2/{name}/blobs/uploads", "/v2/{name}/blobs/uploads/{id}", "/v2/{name}/tags/list",
        "/v2/{name}/referrers/{digest}", "/auth/token", "/api/v1/users", "/api/v1/repositories/{name}/settings",
        "/api/v1/search", "/api/v1/sif/conversions", "/api/v1/dois", "/doi/{prefix}/{suffix}", "/sif/{path}")) {
      assertNotNull(paths.get(path), "the description has no " + path + "; it has " + paths.keySet());
    }
    Map<?, ?> schemes = (Map<?, ?>) ((Map<?, ?>) description.get("components")).get("securitySchemes");
    assertTrue(schemes.containsKey("basic") && schemes.containsKey("bearer"), "security schemes: " + schemes);
  }

  @Test
  void committedCopy_isTheGeneratedDescription() throws IOException {
    String generated;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(GENERATED)) {
      assertNotNull(in, GENERATED + " is missing: the micronaut-openapi annotation processor did not run");
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
    assertEquals(generated, committed, "docs/api/openapi.yml differs from the description generated from the"
        + " controllers; after the build, refresh it from the top of the repository with:\n"
        + "  cp registry-server/target/classes/" + GENERATED + " docs/api/openapi.yml\n");
  }
}
