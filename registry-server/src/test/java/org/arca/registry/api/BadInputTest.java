package org.arca.registry.api;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests, one row each: every one gets the spec's status and error code, and none of them changes
 * what is stored (blob files, uploads, repositories, tags).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest implements TestPropertyProvider {
  private static final String REPO = "bad/input";

  @Inject
  EmbeddedServer server;
  @Inject
  ArcaConfiguration config;

  private OciClient client;
  private Fixture fixture;

  /** Content pushed before the cases run: an upload in progress, a finished upload, and a stored blob. */
  record Fixture(OciClient client, String openUpload, String finishedUpload, Digest blob, byte[] configBytes) {}

  record Case(String name, Function<Fixture, Response> request, int status, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  @BeforeAll
  void setUp() {
    client = new OciClient(URI.create(server.getURL().toString()));
    byte[] blob = randomBytes(1000);
    Digest digest = client.pushBlob(REPO, blob);
    byte[] configBytes = config("amd64");
    client.pushBlob(REPO, configBytes);
    client.pushManifest(REPO, "v1", manifest(descriptor(MediaTypes.OCI_CONFIG, configBytes),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, blob.length))), MediaTypes.OCI_MANIFEST);
    String open = client.post("/v2/" + REPO + "/blobs/uploads/", null).header("Location").orElseThrow();
    client.patch(open, randomBytes(100), "Content-Range", "0-99");
    byte[] finished = randomBytes(50);
    String done = client.post("/v2/" + REPO + "/blobs/uploads/", null).header("Location").orElseThrow();
    client.put(OciClient.withQuery(done, "digest=" + Digest.sha256(finished)), finished);
    fixture = new Fixture(client, open, done, digest, configBytes);
  }

  static Stream<Case> cases() {
    String zeros = "sha256:" + "0".repeat(64);
    String longName = "a".repeat(250) + "/b".repeat(4);
    return Stream.of(
        new Case("blob GET with an unknown digest algorithm",
            f -> f.client().get("/v2/" + REPO + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e"), 400, "DIGEST_INVALID"),
        new Case("blob GET with a malformed digest",
            f -> f.client().get("/v2/" + REPO + "/blobs/sha256:abc"), 400, "DIGEST_INVALID"),
        new Case("single POST whose body does not match its digest",
            f -> f.client().post("/v2/" + REPO + "/blobs/uploads/?digest=" + zeros, randomBytes(10)),
            400, "DIGEST_INVALID"),
        new Case("upload PUT whose bytes do not match the digest",
            f -> f.client().put(OciClient.withQuery(f.openUpload(), "digest=" + zeros), null), 400, "DIGEST_INVALID"),
        new Case("upload PUT without a digest",
            f -> f.client().put(f.openUpload(), null), 400, "DIGEST_INVALID"),
        new Case("PATCH with a malformed Content-Range",
            f -> f.client().patch(f.openUpload(), randomBytes(10), "Content-Range", "bytes=abc"), 416,
            "BLOB_UPLOAD_INVALID"),
        new Case("PATCH whose Content-Range does not start where the upload stands",
            f -> f.client().patch(f.openUpload(), randomBytes(10), "Content-Range", "500-509"), 416,
            "BLOB_UPLOAD_INVALID"),
        new Case("PATCH whose Content-Range is longer than its body",
            f -> f.client().patch(f.openUpload(), randomBytes(10), "Content-Range", "100-119"), 400,
            "SIZE_INVALID"),
        new Case("repository name with ..",
            f -> f.client().post("/v2/bad/../input/blobs/uploads/", null), 400, "NAME_INVALID"),
        new Case("repository name with a leading /",
            f -> f.client().post("/v2//input/blobs/uploads/", null), 400, "NAME_INVALID"),
        new Case("repository name in upper case",
            f -> f.client().post("/v2/Bad/Input/blobs/uploads/", null), 400, "NAME_INVALID"),
        new Case("repository name over 255 characters",
            f -> f.client().post("/v2/" + longName + "/blobs/uploads/", null), 400, "NAME_INVALID"),
        new Case("manifest that is not JSON",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2", "not json".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID"),
        new Case("manifest whose mediaType contradicts Content-Type",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2", validManifest(f),
                "Content-Type", MediaTypes.DOCKER_MANIFEST), 400, "MANIFEST_INVALID"),
        new Case("manifest with a duplicate key",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2",
                "{\"schemaVersion\":2,\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID"),
        new Case("Docker schema 1 manifest",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2",
                "{\"schemaVersion\":1,\"name\":\"bad/input\",\"tag\":\"v2\",\"fsLayers\":[]}"
                    .getBytes(StandardCharsets.UTF_8), "Content-Type", MediaTypes.DOCKER_SCHEMA1), 400,
            "MANIFEST_INVALID"),
        new Case("manifest referencing a blob the repository lacks",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2", manifest(
                descriptor(MediaTypes.OCI_CONFIG, f.configBytes()),
                List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.parse(zeros), 5))),
                "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_BLOB_UNKNOWN"),
        new Case("manifest larger than 4 MiB",
            f -> f.client().put("/v2/" + REPO + "/manifests/v2", new byte[4 * 1024 * 1024 + 1],
                "Content-Type", MediaTypes.OCI_MANIFEST), 413, "MANIFEST_INVALID"),
        new Case("manifest PUT under an invalid tag",
            f -> f.client().put("/v2/" + REPO + "/manifests/-bad", validManifest(f),
                "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID"),
        new Case("PATCH of an unknown upload",
            f -> f.client().patch("/v2/" + REPO + "/blobs/uploads/00000000-0000-0000-0000-000000000000",
                randomBytes(10)), 404, "BLOB_UPLOAD_UNKNOWN"),
        new Case("upload id that is not a UUID",
            f -> f.client().get("/v2/" + REPO + "/blobs/uploads/..%2F..%2Fetc"), 404, "BLOB_UPLOAD_UNKNOWN"),
        new Case("PATCH after the upload completed",
            f -> f.client().patch(f.finishedUpload(), randomBytes(10), "Content-Range", "50-59"), 404,
            "BLOB_UPLOAD_UNKNOWN"),
        new Case("upload of another repository's session",
            f -> f.client().get(f.openUpload().replace("/v2/" + REPO + "/", "/v2/other/repo/")), 404,
            "BLOB_UPLOAD_UNKNOWN"),
        new Case("tags list with a negative page size",
            f -> f.client().get("/v2/" + REPO + "/tags/list?n=-1"), 400, "UNSUPPORTED"));
  }

  private static byte[] validManifest(Fixture f) {
    return manifest(descriptor(MediaTypes.OCI_CONFIG, f.configBytes()), List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badRequest_getsTheSpecsErrorAndChangesNothing(Case badCase) {
    Map<String, Long> before = storedFiles();
    String catalogBefore = client.get("/v2/_catalog").text();
    String tagsBefore = client.get("/v2/" + REPO + "/tags/list").text();
    String uploadBefore = client.get(fixture.openUpload()).header("Range").orElseThrow();

    Response response = badCase.request().apply(fixture);

    assertEquals(badCase.status(), response.status(), response::toString);
    assertEquals(badCase.code(), response.errorCode(), response::toString);
    assertEquals(before, storedFiles(), "stored files changed");
    assertEquals(catalogBefore, client.get("/v2/_catalog").text());
    assertEquals(tagsBefore, client.get("/v2/" + REPO + "/tags/list").text());
    assertEquals(uploadBefore, client.get(fixture.openUpload()).header("Range").orElseThrow());
  }

  /** Every file under blobs/ and uploads/ with its size. */
  private Map<String, Long> storedFiles() {
    Map<String, Long> files = new TreeMap<>();
    for (String dir : List.of("blobs", "uploads")) {
      Path root = config.dataDir().resolve(dir);
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(p -> {
          try {
            files.put(root.relativize(p).toString(), Files.size(p));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
