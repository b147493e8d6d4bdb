package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A manifest request under a tag the spec's {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}} does not allow is answered
 * 400 MANIFEST_INVALID with a message that says what a tag may hold, whatever character breaks the rule (including
 * those that end a URI template variable, such as '!' and '+'), for every method, and changes nothing. Subclasses
 * run it with and without the Netty fast path, which answers manifest GET and HEAD itself.
 */
abstract class InvalidTagContract {
  private static final String REPO = "invalid/tags";

  @Inject
  EmbeddedServer server;

  private OciClient client;
  private byte[] manifest;

  @BeforeAll
  void pushAnImage() {
    client = new OciClient(URI.create(server.getURL().toString()));
    byte[] configBytes = config("amd64");
    client.pushBlob(REPO, configBytes);
    manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, configBytes), List.of());
    client.pushManifest(REPO, "v1", manifest, MediaTypes.OCI_MANIFEST);
  }

  static Stream<Arguments> invalidTags() {
    List<String> tags = List.of("a!b", "a+b", "1.0+cuda", "a;b", "a(b)", "a,b", "a@b", "a~b", "a'b", "a*b", "a=b",
        "a$b", "a%21b", "a%20b", ".hidden", "-dash", "x".repeat(129), "x".repeat(200));
    return tags.stream().flatMap(tag -> Stream.of("GET", "HEAD", "PUT", "DELETE").map(m -> Arguments.of(m, tag)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("invalidTags")
  void manifestRequest_invalidTag_answers400ManifestInvalidAndChangesNothing(String method, String tag) {
    String tagsBefore = client.get("/v2/" + REPO + "/tags/list").text();

    String path = "/v2/" + REPO + "/manifests/" + tag;
    Response response = switch (method) {
      case "PUT" -> client.put(path, manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
      case "DELETE" -> client.delete(path);
      default -> client.send(method, path, null, "Accept", MediaTypes.OCI_MANIFEST);
    };

    assertEquals(400, response.status(), response::toString);
    if (!"HEAD".equals(method)) {
      assertEquals("MANIFEST_INVALID", response.errorCode(), response::toString);
      assertTrue(response.text().contains("invalid tag")
          && response.text().contains("a tag is 1 to 128 characters of letters, digits, '_', '.' and '-'"),
          response::toString);
    }
    assertEquals(tagsBefore, client.get("/v2/" + REPO + "/tags/list").text());
  }
}
