package org.arca.registry.api;

import static org.arca.registry.testing.OciClient.withQuery;
import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.index;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.RecordedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every workflow of the OCI Distribution Specification 1.1 over real HTTP: pull, push, content discovery and content
 * management. Subclasses run it against each supported metadata database.
 */
abstract class OciApiContract {
  @Inject
  EmbeddedServer server;
  @Inject
  RecordedEvents events;

  OciClient client;

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  /** A pushed single-layer OCI image: its repository, manifest bytes and digest, config and layer. */
  record Image(String repository, byte[] manifest, Digest digest, Descriptor config, Descriptor layer) {}

  Image pushImage(String repository, String tag) {
    byte[] layer = randomBytes(2048);
    byte[] config = config("amd64");
    Descriptor layerDescriptor = descriptor(MediaTypes.OCI_LAYER_GZIP, layer);
    Descriptor configDescriptor = descriptor(MediaTypes.OCI_CONFIG, config);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    byte[] manifest = manifest(configDescriptor, List.of(layerDescriptor));
    Digest digest = client.pushManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST);
    return new Image(repository, manifest, digest, configDescriptor, layerDescriptor);
  }

  static JsonNode json(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response, e);
    }
  }

  @Test
  void root_answers200WithApiVersion() {
    Response response = client.get("/v2/");
    assertEquals(200, response.status());
    assertEquals("registry/2.0", response.header("Docker-Distribution-API-Version").orElseThrow());
  }

  @Test
  void getManifest_byTagAndByDigest_returnsExactBytesTypeAndDigest() {
    Image image = pushImage(repository("pull"), "v1");
    for (String reference : List.of("v1", image.digest().toString())) {
      Response response = client.get("/v2/" + image.repository() + "/manifests/" + reference,
          "Accept", MediaTypes.OCI_MANIFEST);
      assertEquals(200, response.status(), response::toString);
      assertArrayEquals(image.manifest(), response.body());
      assertEquals(MediaTypes.OCI_MANIFEST, response.header("Content-Type").orElseThrow());
      assertEquals(image.digest().toString(), response.header("Docker-Content-Digest").orElseThrow());
    }
  }

  @Test
  void headManifest_answersLengthAndDigestWithoutBody() {
    Image image = pushImage(repository("pull"), "v1");
    Response response = client.head("/v2/" + image.repository() + "/manifests/v1");
    assertEquals(200, response.status());
    assertEquals(Integer.toString(image.manifest().length), response.header("Content-Length").orElseThrow());
    assertEquals(image.digest().toString(), response.header("Docker-Content-Digest").orElseThrow());
    assertEquals(0, response.body().length);
  }

  @Test
  void getBlob_returnsBytesWithDigestAndHeadReturnsLength() {
    Image image = pushImage(repository("pull"), "v1");
    String path = "/v2/" + image.repository() + "/blobs/" + image.layer().digest();
    Response get = client.get(path);
    assertEquals(200, get.status());
    assertEquals(image.layer().digest(), Digest.sha256(get.body()));
    assertEquals(image.layer().digest().toString(), get.header("Docker-Content-Digest").orElseThrow());
    Response head = client.head(path);
    assertEquals(200, head.status());
    assertEquals(Long.toString(image.layer().size()), head.header("Content-Length").orElseThrow());
  }

  @Test
  void getBlob_withRange_answers206WithThePart() {
    String repository = repository("pull");
    byte[] content = randomBytes(10_000);
    Digest digest = client.pushBlob(repository, content);
    Response response = client.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=100-199");
    assertEquals(206, response.status());
    assertArrayEquals(Arrays.copyOfRange(content, 100, 200), response.body());
    assertEquals("bytes 100-199/10000", response.header("Content-Range").orElseThrow());
    Response tail = client.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=-10");
    assertArrayEquals(Arrays.copyOfRange(content, 9990, 10000), tail.body());
    Response outside = client.get("/v2/" + repository + "/blobs/" + digest, "Range", "bytes=20000-");
    assertEquals(416, outside.status());
    assertEquals("bytes */10000", outside.header("Content-Range").orElseThrow());
  }

  @Test
  void getBlob_pushedToAnotherRepository_isNotReadable() {
    String mine = repository("pull");
    String theirs = repository("pull");
    Digest digest = client.pushBlob(theirs, randomBytes(100));
    client.pushBlob(mine, randomBytes(100));
    Response response = client.get("/v2/" + mine + "/blobs/" + digest);
    assertEquals(404, response.status());
    assertEquals("BLOB_UNKNOWN", response.errorCode());
    assertEquals(404, client.head("/v2/" + mine + "/blobs/" + digest).status());
  }

  @Test
  void getManifest_unknownTagOrRepository_answers404ManifestUnknown() {
    Image image = pushImage(repository("pull"), "v1");
    Response tag = client.get("/v2/" + image.repository() + "/manifests/nope");
    assertEquals(404, tag.status());
    assertEquals("MANIFEST_UNKNOWN", tag.errorCode());
    Response repo = client.get("/v2/never/pushed/manifests/v1");
    assertEquals(404, repo.status());
    assertEquals("MANIFEST_UNKNOWN", repo.errorCode());
  }

  @Test
  void getManifest_indexForClientThatAcceptsOnlyImages_servesTheLinuxAmd64Image() {
    String repository = repository("pull");
    Image arm = pushImage(repository, "arm");
    Image amd = pushImage(repository, "amd");
    byte[] list = index(MediaTypes.OCI_INDEX, List.of(
        platformDescriptor(arm, "arm64"), platformDescriptor(amd, "amd64")), null);
    client.pushManifest(repository, "multi", list, MediaTypes.OCI_INDEX);
    Response asIndex = client.get("/v2/" + repository + "/manifests/multi",
        "Accept", MediaTypes.OCI_INDEX + ", " + MediaTypes.OCI_MANIFEST);
    assertArrayEquals(list, asIndex.body());
    Response asImage = client.get("/v2/" + repository + "/manifests/multi", "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(200, asImage.status());
    assertEquals(amd.digest().toString(), asImage.header("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void getManifest_typeTheClientDoesNotAccept_answers404() {
    Image image = pushImage(repository("pull"), "v1");
    Response response = client.get("/v2/" + image.repository() + "/manifests/v1",
        "Accept", MediaTypes.DOCKER_MANIFEST);
    assertEquals(404, response.status());
    assertEquals("MANIFEST_UNKNOWN", response.errorCode());
  }

  static Descriptor platformDescriptor(Image image, String architecture) {
    return new Descriptor(MediaTypes.OCI_MANIFEST, image.digest(), image.manifest().length, null, null,
        new Platform("linux", architecture), null);
  }

  @Test
  void postThenPut_monolithic_creates201WithLocation() {
    String repository = repository("push");
    byte[] content = randomBytes(5000);
    Digest digest = Digest.sha256(content);
    Response start = client.post("/v2/" + repository + "/blobs/uploads/", null);
    assertEquals(202, start.status());
    String location = start.header("Location").orElseThrow();
    assertTrue(location.startsWith("/v2/" + repository + "/blobs/uploads/"), location);
    assertNotNull(start.header("Docker-Upload-UUID").orElse(null));
    Response put = client.put(withQuery(location, "digest=" + digest), content,
        "Content-Type", "application/octet-stream");
    assertEquals(201, put.status(), put::toString);
    assertEquals("/v2/" + repository + "/blobs/" + digest, put.header("Location").orElseThrow());
    assertEquals(digest.toString(), put.header("Docker-Content-Digest").orElseThrow());
    assertArrayEquals(content, client.get(put.header("Location").orElseThrow()).body());
  }

  @Test
  void singlePost_withDigest_creates201() {
    String repository = repository("push");
    byte[] content = randomBytes(3000);
    Digest digest = Digest.sha256(content);
    Response response = client.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content,
        "Content-Type", "application/octet-stream");
    assertEquals(201, response.status(), response::toString);
    assertEquals("/v2/" + repository + "/blobs/" + digest, response.header("Location").orElseThrow());
    assertArrayEquals(content, client.get("/v2/" + repository + "/blobs/" + digest).body());
  }

  @Test
  void sha512Digest_isVerifiedAndServed() throws Exception {
    String repository = repository("push");
    byte[] content = randomBytes(3000);
    Digest digest = Digest.of(java.security.MessageDigest.getInstance("SHA-512").digest(content), "sha512");
    Response response = client.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, content);
    assertEquals(201, response.status(), response::toString);
    assertArrayEquals(content, client.get("/v2/" + repository + "/blobs/" + digest).body());
  }

  @Test
  void chunked_patchesThenPut_commitsTheWholeBlob() {
    String repository = repository("push");
    byte[] content = randomBytes(30_000);
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    for (int start = 0; start < content.length; start += 10_000) {
      byte[] chunk = Arrays.copyOfRange(content, start, start + 10_000);
      Response patch = client.patch(location, chunk, "Content-Type", "application/octet-stream",
          "Content-Range", start + "-" + (start + 9_999));
      assertEquals(202, patch.status(), patch::toString);
      assertEquals("0-" + (start + 9_999), patch.header("Range").orElseThrow());
      location = patch.header("Location").orElseThrow();
    }
    Response put = client.put(withQuery(location, "digest=" + digest), null);
    assertEquals(201, put.status(), put::toString);
    assertArrayEquals(content, client.get("/v2/" + repository + "/blobs/" + digest).body());
  }

  @Test
  void chunked_finalChunkInPut_commits() {
    String repository = repository("push");
    byte[] content = randomBytes(20_000);
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    location = client.patch(location, Arrays.copyOf(content, 12_000), "Content-Range", "0-11999")
        .header("Location").orElseThrow();
    Response put = client.put(withQuery(location, "digest=" + digest), Arrays.copyOfRange(content, 12_000, 20_000),
        "Content-Range", "12000-19999", "Content-Type", "application/octet-stream");
    assertEquals(201, put.status(), put::toString);
    assertArrayEquals(content, client.get("/v2/" + repository + "/blobs/" + digest).body());
  }

  @Test
  void chunked_streamedPatchWithoutRange_appendsEverything() {
    String repository = repository("push");
    byte[] content = randomBytes(40_000);
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    Response patch = client.patch(location, content);
    assertEquals(202, patch.status());
    assertEquals("0-39999", patch.header("Range").orElseThrow());
    assertEquals(201, client.put(withQuery(patch.header("Location").orElseThrow(), "digest=" + digest), null)
        .status());
  }

  @Test
  void chunked_outOfOrderChunk_answers416WithCurrentRangeAndUploadContinues() {
    String repository = repository("push");
    byte[] content = randomBytes(20_000);
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    location = client.patch(location, Arrays.copyOf(content, 10_000), "Content-Range", "0-9999")
        .header("Location").orElseThrow();
    Response skipped = client.patch(location, Arrays.copyOfRange(content, 15_000, 20_000),
        "Content-Range", "15000-19999");
    assertEquals(416, skipped.status(), skipped::toString);
    assertEquals("0-9999", skipped.header("Range").orElseThrow());
    Response repeated = client.patch(location, Arrays.copyOf(content, 10_000), "Content-Range", "0-9999");
    assertEquals(416, repeated.status());
    Response next = client.patch(location, Arrays.copyOfRange(content, 10_000, 20_000),
        "Content-Range", "10000-19999");
    assertEquals(202, next.status());
    assertEquals(201, client.put(withQuery(next.header("Location").orElseThrow(), "digest=" + digest), null)
        .status());
  }

  @Test
  void resumedUpload_statusTellsWhereToContinue() {
    String repository = repository("push");
    byte[] content = randomBytes(16_000);
    Digest digest = Digest.sha256(content);
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    Response fresh = client.get(location);
    assertEquals(204, fresh.status());
    assertEquals("0-0", fresh.header("Range").orElseThrow());
    client.patch(location, Arrays.copyOf(content, 6_000), "Content-Range", "0-5999");
    Response status = client.get(location);
    assertEquals(204, status.status());
    assertEquals("0-5999", status.header("Range").orElseThrow());
    String resumeAt = status.header("Location").orElseThrow();
    client.patch(resumeAt, Arrays.copyOfRange(content, 6_000, 16_000), "Content-Range", "6000-15999");
    assertEquals(201, client.put(withQuery(resumeAt, "digest=" + digest), null).status());
  }

  @Test
  void cancelledUpload_isUnknownAfterwards() {
    String repository = repository("push");
    String location = client.post("/v2/" + repository + "/blobs/uploads/", null).header("Location").orElseThrow();
    client.patch(location, randomBytes(100), "Content-Range", "0-99");
    assertEquals(204, client.delete(location).status());
    Response status = client.get(location);
    assertEquals(404, status.status());
    assertEquals("BLOB_UPLOAD_UNKNOWN", status.errorCode());
  }

  @Test
  void mount_fromRepositoryHoldingTheBlob_links201() {
    String source = repository("push");
    String target = repository("push");
    byte[] content = randomBytes(1000);
    Digest digest = client.pushBlob(source, content);
    Response mount = client.post("/v2/" + target + "/blobs/uploads/?mount=" + digest + "&from=" + source, null);
    assertEquals(201, mount.status(), mount::toString);
    assertEquals("/v2/" + target + "/blobs/" + digest, mount.header("Location").orElseThrow());
    assertArrayEquals(content, client.get("/v2/" + target + "/blobs/" + digest).body());
  }

  @Test
  void mount_fromRepositoryWithoutTheBlob_opensSession202() {
    String source = repository("push");
    String target = repository("push");
    client.pushBlob(source, randomBytes(10));
    Digest elsewhere = client.pushBlob(repository("push"), randomBytes(10));
    Response mount = client.post("/v2/" + target + "/blobs/uploads/?mount=" + elsewhere + "&from=" + source, null);
    assertEquals(202, mount.status());
    assertTrue(mount.header("Location").orElseThrow().contains("/blobs/uploads/"));
    assertEquals(404, client.head("/v2/" + target + "/blobs/" + elsewhere).status());
  }

  @Test
  void concurrentUploadsOfTheSameBlob_allSucceedAndOneCopyIsStored() throws Exception {
    String repository = repository("push");
    byte[] content = randomBytes(200_000);
    Digest digest = Digest.sha256(content);
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 6; i++) {
      String repo = repository + "-" + i;
      Thread thread = new Thread(() -> statuses.add(
        client.post("/v2/" + repo + "/blobs/uploads/?digest=" + digest, content).status()));
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(201, 201, 201, 201, 201, 201), statuses);
    for (int i = 0; i < 6; i++) {
      assertArrayEquals(content, client.get("/v2/" + repository + "-" + i + "/blobs/" + digest).body());
    }
  }

  @Test
  void manifestPut_answersLocationDigestAndPublishesEvents() {
    String repository = repository("push");
    Image image = pushImage(repository, "v1");
    Response again = client.put("/v2/" + repository + "/manifests/latest", image.manifest(),
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(201, again.status());
    assertEquals("/v2/" + repository + "/manifests/" + image.digest(), again.header("Location").orElseThrow());
    List<RegistryEvent> seen = events.await(repository, e -> e.size() >= 3);
    assertEquals(3, seen.size(), seen::toString);
    ManifestPushed pushed = assertInstanceOf(ManifestPushed.class, seen.get(0));
    assertEquals(image.digest(), pushed.digest());
    assertEquals("v1", pushed.tag());
    assertEquals(new TagMoved(pushed.repository(), "v1", null, image.digest(), pushed.at()), seen.get(1));
    TagMoved latest = assertInstanceOf(TagMoved.class, seen.get(2));
    assertEquals("latest", latest.tag());
  }

  @Test
  void manifestPut_withManifestTypesInAccept_isStoredNot406() {
    // a client that sends the manifest types it understands in Accept on every manifest request, PUT included
    String repository = repository("push");
    Image image = pushImage(repository, "v1");
    Response put = client.put("/v2/" + repository + "/manifests/accepting", image.manifest(),
        "Content-Type", MediaTypes.OCI_MANIFEST, "Accept", MediaTypes.OCI_MANIFEST + ", " + MediaTypes.OCI_INDEX);
    assertEquals(201, put.status(), put::text);
    assertEquals(image.digest().toString(), put.header("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void manifestPut_referencingBlobsNotInRepository_answersManifestBlobUnknown() {
    String repository = repository("push");
    byte[] config = config("amd64");
    client.pushBlob(repository, config);
    Descriptor missing = descriptor(MediaTypes.OCI_LAYER_GZIP, randomBytes(64));
    Digest elsewhere = client.pushBlob(repository("push"), randomBytes(64));
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of(missing,
        new Descriptor(MediaTypes.OCI_LAYER_GZIP, elsewhere, 64)));
    Response response = client.put("/v2/" + repository + "/manifests/v1", manifest,
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(400, response.status());
    assertEquals("MANIFEST_BLOB_UNKNOWN", response.errorCode());
    assertTrue(response.text().contains(missing.digest().toString()));
    assertTrue(response.text().contains(elsewhere.toString()));
    assertEquals(404, client.get("/v2/" + repository + "/manifests/v1").status());
  }

  @Test
  void manifestPut_nonDistributableLayer_isAcceptedWithoutItsBlob() {
    String repository = repository("push");
    byte[] config = config("amd64");
    client.pushBlob(repository, config);
    Descriptor foreign = new Descriptor(MediaTypes.OCI_LAYER_NONDISTRIBUTABLE_GZIP, Digest.sha256(randomBytes(9)),
        9, null, null, null, List.of("https://example.org/layer.tar.gz"));
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of(foreign));
    assertEquals(201, client.put("/v2/" + repository + "/manifests/v1", manifest,
        "Content-Type", MediaTypes.OCI_MANIFEST).status());
  }

  @Test
  void manifestPut_byDigest_mustMatchTheBody() {
    Image image = pushImage(repository("push"), "v1");
    Response good = client.put("/v2/" + image.repository() + "/manifests/" + image.digest(), image.manifest(),
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(201, good.status());
    Response bad = client.put("/v2/" + image.repository() + "/manifests/" + Digest.sha256(new byte[1]),
        image.manifest(), "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(400, bad.status());
    assertEquals("DIGEST_INVALID", bad.errorCode());
  }

  @Test
  void manifestPut_everySupportedType_roundTrips() {
    String repository = repository("push");
    byte[] layer = randomBytes(500);
    byte[] config = config("amd64");
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    byte[] docker = manifest(MediaTypes.DOCKER_MANIFEST, descriptor(MediaTypes.DOCKER_CONFIG, config),
        List.of(descriptor(MediaTypes.DOCKER_LAYER_GZIP, layer)), null, null, null);
    Digest dockerDigest = client.pushManifest(repository, "docker", docker, MediaTypes.DOCKER_MANIFEST);
    byte[] list = index(MediaTypes.DOCKER_MANIFEST_LIST, List.of(new Descriptor(MediaTypes.DOCKER_MANIFEST,
        dockerDigest, docker.length, null, null, new Platform("linux", "amd64"), null)), null);
    client.pushManifest(repository, "list", list, MediaTypes.DOCKER_MANIFEST_LIST);
    client.pushBlob(repository, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    byte[] artifact = manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_EMPTY,
        MediaTypes.EMPTY_JSON_DIGEST, 2), List.of(descriptor("application/vnd.example.data", layer)), null,
        "application/vnd.example.artifact", null);
    client.pushManifest(repository, "artifact", artifact, MediaTypes.OCI_MANIFEST);
    for (var expected : Map.of("docker", new Object[] {docker, MediaTypes.DOCKER_MANIFEST},
        "list", new Object[] {list, MediaTypes.DOCKER_MANIFEST_LIST},
        "artifact", new Object[] {artifact, MediaTypes.OCI_MANIFEST}).entrySet()) {
      Response response = client.get("/v2/" + repository + "/manifests/" + expected.getKey(), "Accept", "*/*");
      assertArrayEquals((byte[]) expected.getValue()[0], response.body());
      assertEquals(expected.getValue()[1], response.header("Content-Type").orElseThrow());
    }
  }

  @Test
  void manifestPut_withSubject_answersOciSubjectEvenBeforeTheSubjectExists() {
    String repository = repository("push");
    Digest future = Digest.sha256(randomBytes(20));
    byte[] artifact = signature(repository, new Descriptor(MediaTypes.OCI_MANIFEST, future, 123), "sig");
    Response response = client.put("/v2/" + repository + "/manifests/" + Digest.sha256(artifact), artifact,
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(201, response.status(), response::toString);
    assertEquals(future.toString(), response.header("OCI-Subject").orElseThrow());
  }

  @Test
  void manifestPut_ofFourMebibytes_isAcceptedAndLargerIsAnswered413() {
    String repository = repository("push");
    byte[] config = config("amd64");
    client.pushBlob(repository, config);
    byte[] base = manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_CONFIG, config), List.of(), null,
        null, annotations("padding", ""));
    int padding = 4 * 1024 * 1024 - base.length;
    byte[] exact = manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_CONFIG, config), List.of(), null,
        null, annotations("padding", "x".repeat(padding)));
    assertEquals(4 * 1024 * 1024, exact.length);
    assertEquals(201, client.put("/v2/" + repository + "/manifests/big", exact,
        "Content-Type", MediaTypes.OCI_MANIFEST).status());
    byte[] larger = manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_CONFIG, config), List.of(), null,
        null, annotations("padding", "x".repeat(padding + 1)));
    Response response = client.put("/v2/" + repository + "/manifests/bigger", larger,
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(413, response.status());
    assertEquals(404, client.get("/v2/" + repository + "/manifests/bigger").status());
  }

  /** Pushes an empty config and an artifact manifest with {@code subject}; returns the manifest bytes unpushed. */
  byte[] signature(String repository, Descriptor subject, String kind) {
    client.pushBlob(repository, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    byte[] payload = ("payload of " + kind + " " + subject.digest()).getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, payload);
    return manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_EMPTY, MediaTypes.EMPTY_JSON_DIGEST, 2),
        List.of(descriptor("application/vnd.example." + kind, payload)), subject,
        "application/vnd.example." + kind, annotations("org.example.kind", kind));
  }

  @Test
  void tags_areListedInCaseInsensitiveLexicalOrder() {
    String repository = repository("discovery");
    Image image = pushImage(repository, "b");
    for (String tag : List.of("C", "a", "B2", "latest", "1.0")) {
      client.pushManifest(repository, tag, image.manifest(), MediaTypes.OCI_MANIFEST);
    }
    Response response = client.get("/v2/" + repository + "/tags/list");
    assertEquals(200, response.status());
    JsonNode body = json(response);
    assertEquals(repository, body.get("name").asText());
    List<String> tags = new ArrayList<>();
    body.get("tags").forEach(t -> tags.add(t.asText()));
    assertEquals(List.of("1.0", "a", "b", "B2", "C", "latest"), tags);
  }

  @Test
  void tags_pageWithNAndLastAndFollowLink() {
    String repository = repository("discovery");
    Image image = pushImage(repository, "t00");
    for (int i = 1; i < 12; i++) {
      client.pushManifest(repository, String.format("t%02d", i), image.manifest(), MediaTypes.OCI_MANIFEST);
    }
    List<String> all = new ArrayList<>();
    String next = "/v2/" + repository + "/tags/list?n=5";
    int pages = 0;
    while (next != null) {
      Response page = client.get(next);
      assertEquals(200, page.status());
      json(page).get("tags").forEach(t -> all.add(t.asText()));
      pages++;
      next = page.header("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
      assertTrue(pages <= 3);
    }
    assertEquals(3, pages);
    assertEquals(12, all.size());
    assertEquals("t00", all.get(0));
    assertEquals("t11", all.get(11));
    Response afterLast = client.get("/v2/" + repository + "/tags/list?n=3&last=t05");
    assertEquals("t06", json(afterLast).get("tags").get(0).asText());
    Response lastOnly = client.get("/v2/" + repository + "/tags/list?last=t09");
    assertEquals(2, json(lastOnly).get("tags").size());
    Response zero = client.get("/v2/" + repository + "/tags/list?n=0");
    assertEquals(0, json(zero).get("tags").size());
    assertFalse(zero.header("Link").isPresent());
  }

  @Test
  void tags_unknownRepository_answers404NameUnknown() {
    Response response = client.get("/v2/" + repository("discovery") + "/tags/list");
    assertEquals(404, response.status());
    assertEquals("NAME_UNKNOWN", response.errorCode());
  }

  @Test
  void catalog_listsRepositoriesInPages() {
    String prefix = repository("catalog");
    for (int i = 0; i < 3; i++) {
      pushImage(prefix + "/app" + i, "v1");
    }
    List<String> seen = new ArrayList<>();
    String next = "/v2/_catalog?n=2";
    for (int pages = 0; next != null && pages < 100; pages++) {
      Response page = client.get(next);
      assertEquals(200, page.status());
      json(page).get("repositories").forEach(r -> seen.add(r.asText()));
      next = page.header("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
    }
    List<String> mine = seen.stream().filter(r -> r.startsWith(prefix + "/")).toList();
    assertEquals(List.of(prefix + "/app0", prefix + "/app1", prefix + "/app2"), mine);
    List<String> sorted = new ArrayList<>(seen);
    java.util.Collections.sort(sorted);
    assertEquals(sorted, seen);
  }

  @Test
  void referrers_noneAnswersAnEmptyIndexNot404() {
    Image image = pushImage(repository("discovery"), "v1");
    Response response = client.get("/v2/" + image.repository() + "/referrers/" + image.digest());
    assertEquals(200, response.status());
    assertEquals(MediaTypes.OCI_INDEX, response.header("Content-Type").orElseThrow());
    JsonNode body = json(response);
    assertEquals(2, body.get("schemaVersion").asInt());
    assertEquals(0, body.get("manifests").size());
    Response unknownRepo = client.get("/v2/" + repository("discovery") + "/referrers/" + image.digest());
    assertEquals(200, unknownRepo.status());
  }

  @Test
  void referrers_listArtifactsWithTypeAndAnnotationsAndFilterByType() {
    String repository = repository("discovery");
    Image image = pushImage(repository, "v1");
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, image.digest(), image.manifest().length);
    byte[] sig = signature(repository, subject, "signature");
    byte[] sbom = signature(repository, subject, "sbom");
    Digest sigDigest = client.pushManifest(repository, Digest.sha256(sig).toString(), sig, MediaTypes.OCI_MANIFEST);
    Digest sbomDigest = client.pushManifest(repository, Digest.sha256(sbom).toString(), sbom,
        MediaTypes.OCI_MANIFEST);
    // an image manifest without artifactType is listed with its config media type
    byte[] config = config("arm64");
    client.pushBlob(repository, config);
    byte[] plain = manifest(MediaTypes.OCI_MANIFEST, descriptor("application/vnd.example.config+json", config),
        List.of(), subject, null, null);
    client.pushManifest(repository, "plain", plain, MediaTypes.OCI_MANIFEST);

    JsonNode all = json(client.get("/v2/" + repository + "/referrers/" + image.digest()));
    assertEquals(3, all.get("manifests").size());
    Map<String, String> types = new java.util.HashMap<>();
    all.get("manifests").forEach(m -> types.put(m.get("digest").asText(), m.get("artifactType").asText()));
    assertEquals("application/vnd.example.signature", types.get(sigDigest.toString()));
    assertEquals("application/vnd.example.sbom", types.get(sbomDigest.toString()));
    assertEquals("application/vnd.example.config+json", types.get(Digest.sha256(plain).toString()));

    Response filtered = client.get("/v2/" + repository + "/referrers/" + image.digest()
        + "?artifactType=application/vnd.example.sbom");
    assertEquals("artifactType", filtered.header("OCI-Filters-Applied").orElseThrow());
    JsonNode only = json(filtered).get("manifests");
    assertEquals(1, only.size());
    assertEquals(sbomDigest.toString(), only.get(0).get("digest").asText());
    assertEquals(sbom.length, only.get(0).get("size").asInt());
    assertEquals("sbom", only.get(0).get("annotations").get("org.example.kind").asText());
  }

  @Test
  void referrers_invalidDigest_answers400() {
    Response response = client.get("/v2/" + repository("discovery") + "/referrers/sha256:xyz");
    assertEquals(400, response.status());
    assertEquals("DIGEST_INVALID", response.errorCode());
  }

  @Test
  void deleteTag_removesTheTagButKeepsTheManifest() {
    String repository = repository("manage");
    Image image = pushImage(repository, "v1");
    client.pushManifest(repository, "v2", image.manifest(), MediaTypes.OCI_MANIFEST);
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/v1").status());
    assertEquals(404, client.get("/v2/" + repository + "/manifests/v1").status());
    assertEquals(200, client.get("/v2/" + repository + "/manifests/v2").status());
    assertEquals(200, client.get("/v2/" + repository + "/manifests/" + image.digest()).status());
    events.await(repository, seen -> seen.stream().anyMatch(e -> e instanceof TagDeleted t && t.tag().equals("v1")));
    assertEquals(404, client.delete("/v2/" + repository + "/manifests/v1").status());
  }

  @Test
  void deleteManifestByDigest_removesItAndEveryTag() {
    String repository = repository("manage");
    Image image = pushImage(repository, "v1");
    client.pushManifest(repository, "v2", image.manifest(), MediaTypes.OCI_MANIFEST);
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + image.digest()).status());
    for (String reference : List.of("v1", "v2", image.digest().toString())) {
      Response response = client.get("/v2/" + repository + "/manifests/" + reference);
      assertEquals(404, response.status());
      assertEquals("MANIFEST_UNKNOWN", response.errorCode());
    }
    assertEquals(0, json(client.get("/v2/" + repository + "/tags/list")).get("tags").size());
    List<RegistryEvent> seen = events.await(repository,
        e -> !e.isEmpty() && e.get(e.size() - 1) instanceof ManifestDeleted);
    ManifestDeleted deleted = (ManifestDeleted) seen.get(seen.size() - 1);
    assertEquals(List.of("v1", "v2"), deleted.removedTags());
  }

  @Test
  void deleteManifest_stillListedByAnIndex_isDenied() {
    String repository = repository("manage");
    Image image = pushImage(repository, "v1");
    byte[] list = index(MediaTypes.OCI_INDEX, List.of(platformDescriptor(image, "amd64")), null);
    client.pushManifest(repository, "multi", list, MediaTypes.OCI_INDEX);
    Response response = client.delete("/v2/" + repository + "/manifests/" + image.digest());
    assertEquals(403, response.status());
    assertEquals("DENIED", response.errorCode());
    assertEquals(200, client.get("/v2/" + repository + "/manifests/v1").status());
  }

  @Test
  void deleteBlob_unlinksItFromTheRepository() {
    String repository = repository("manage");
    Digest digest = client.pushBlob(repository, randomBytes(321));
    assertEquals(202, client.delete("/v2/" + repository + "/blobs/" + digest).status());
    assertEquals(404, client.head("/v2/" + repository + "/blobs/" + digest).status());
    Response again = client.delete("/v2/" + repository + "/blobs/" + digest);
    assertEquals(404, again.status());
    assertEquals("BLOB_UNKNOWN", again.errorCode());
  }

  @Test
  void deleteBlob_thatAManifestReferences_isUnsupportedAndNamesTheManifest() {
    Image image = pushImage(repository("manage"), "v1");
    Response response = client.delete("/v2/" + image.repository() + "/blobs/" + image.layer().digest());
    assertEquals(405, response.status(), response::toString);
    assertEquals("UNSUPPORTED", response.errorCode());
    assertTrue(response.text().contains("used by manifest " + image.digest() + " in " + image.repository()),
        response::toString);
    assertEquals(200, client.head("/v2/" + image.repository() + "/blobs/" + image.layer().digest()).status());
  }
}
