package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a curator's withdrawal hides, over real HTTP: the image leaves search (hits, facet counts, suggestions), and
 * its blobs answer 410 Gone unless another image of the repository still uses them. The subclasses run it with the
 * Netty fast path that serves blob downloads in production, and without it (Micronaut's controllers).
 */
abstract class WithdrawnContentContract {
  /** Random bytes are no tar archive: a media type search does not try to unpack. */
  private static final String DATA_LAYER = "application/vnd.arca.test.data";

  @Inject
  EmbeddedServer server;

  OciClient client;

  /** A server on H2, with or without the Netty fast path ({@code arca.registry.fast-path}, on by default). */
  static Map<String, String> h2(boolean fastPath) {
    return TestDatabases.h2(fastPath);
  }

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  /** An image's digest and the blobs it references. */
  record Pushed(Digest digest, byte[] manifest, Digest config, List<Digest> layers) {}

  /**
   * Pushes an image whose config names {@code software} and the lab (the repository's namespace), tagged, or by
   * digest when {@code tag} is null.
   */
  private Pushed pushImage(String repository, String tag, String software, byte[]... layers) {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"software\":\"" + software
        + "\",\"about.summary\":\"" + software + " from the " + repository.substring(0, repository.indexOf('/'))
        + " lab\"}},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, config);
    List<Descriptor> descriptors = new ArrayList<>();
    for (byte[] layer : layers) {
      client.pushBlob(repository, layer);
      descriptors.add(descriptor(DATA_LAYER, layer));
    }
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, config), descriptors);
    String reference = tag != null ? tag : Digest.sha256(manifest).toString();
    Digest digest = client.pushManifest(repository, reference, manifest, MediaTypes.OCI_MANIFEST);
    return new Pushed(digest, manifest, Digest.sha256(config),
        descriptors.stream().map(Descriptor::digest).toList());
  }

  /** Attaches a small untagged artifact (a note) to {@code image}, as recipes and attestations are attached. */
  private Digest attachNote(String repository, Pushed image) {
    byte[] note = randomBytes(100);
    client.pushBlob(repository, note);
    client.pushBlob(repository, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    byte[] manifest = TestImages.manifest(MediaTypes.OCI_MANIFEST,
        new Descriptor(MediaTypes.OCI_EMPTY, MediaTypes.EMPTY_JSON_DIGEST, 2), List.of(descriptor(DATA_LAYER, note)),
        new Descriptor(MediaTypes.OCI_MANIFEST, image.digest(), image.manifest().length), "text/plain", null);
    return client.pushManifest(repository, Digest.sha256(manifest).toString(), manifest, MediaTypes.OCI_MANIFEST);
  }

  private List<String> referrers(String repository, Digest subject) {
    List<String> digests = new ArrayList<>();
    json(client.get("/v2/" + repository + "/referrers/" + subject)).get("manifests")
        .forEach(m -> digests.add(m.get("digest").asText()));
    return digests;
  }

  private String mintAndApprove(String repository, Digest digest) {
    Response minted = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + digest + "\"}"), "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    String doi = json(minted).get("doi").asText();
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/approve", null), 200);
    return doi;
  }

  private void withdraw(String doi) {
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/withdraw",
        body("{\"reason\":\"A bundled tool's licence forbids redistribution.\"}")), 200);
  }

  private void assertWithdrawn(String repository, Digest blob, String doi) {
    Response get = client.get("/v2/" + repository + "/blobs/" + blob);
    assertEquals(410, get.status(), get::toString);
    assertEquals("BLOB_UNKNOWN", get.errorCode());
    assertTrue(get.text().contains("withdrawn") && get.text().contains(doi)
        && get.text().contains("A bundled tool's licence forbids redistribution."), get.text());
    assertEquals(410, client.head("/v2/" + repository + "/blobs/" + blob).status(), "HEAD " + blob);
  }

  private void assertServed(String repository, Digest blob) {
    Response get = client.get("/v2/" + repository + "/blobs/" + blob);
    assertEquals(200, get.status(), get::toString);
    assertEquals(blob, Digest.sha256(get.body()));
    assertEquals(200, client.head("/v2/" + repository + "/blobs/" + blob).status(), "HEAD " + blob);
  }

  private JsonNode search(String query) {
    return json(client.get("/api/v1/search?q=" + query));
  }

  private static long facetCount(JsonNode result, String dimension, String value) {
    for (JsonNode facet : result.get("facets").get(dimension)) {
      if (facet.get("value").asText().equals(value)) {
        return facet.get("count").asLong();
      }
    }
    return 0;
  }

  @Test
  void withdrawnImage_leavesSearch_andItsOwnBlobsAre410_whileSharedOnesStayPullable() {
    String repository = repository("quokka");
    String elsewhere = repository("wombat");
    byte[] shared = randomBytes(600);
    byte[] own = randomBytes(700);
    Pushed withdrawn = pushImage(repository, "1.0", "quokkacaller", shared, own);
    Pushed kept = pushImage(repository, "2.0", "quokkamapper", shared, randomBytes(500));
    Pushed copy = pushImage(elsewhere, "1.0", "wombatcaller", own);
    Digest note = attachNote(repository, withdrawn);
    Digest keptNote = attachNote(repository, kept);
    String doi = mintAndApprove(repository, withdrawn.digest());
    assertServed(repository, withdrawn.layers().get(1));
    assertEquals(List.of(note.toString()), referrers(repository, withdrawn.digest()));

    Await.until(Duration.ofSeconds(60), "both images to be indexed with the DOI", () -> {
      JsonNode found = search("quokka");
      return found.get("total").asInt() == 2 && facetCount(found, "hasDoi", "true") == 1;
    });
    assertEquals(1, search("quokkacaller").get("total").asInt());
    assertEquals(2, json(client.get("/api/v1/search/suggest?prefix=quokka")).get("suggestions").size());

    withdraw(doi);

    assertWithdrawn(repository, withdrawn.layers().get(1), doi);
    assertWithdrawn(repository, withdrawn.config(), doi);
    assertWithdrawn(repository, withdrawn.digest(), doi); // the manifest fetched through the blobs endpoint
    assertServed(repository, withdrawn.layers().get(0)); // shared with the image that was not withdrawn
    assertServed(repository, kept.config());
    assertServed(elsewhere, copy.layers().get(0)); // the same bytes in another repository
    Response mount = client.post("/v2/" + repository("wombat") + "/blobs/uploads/?mount="
        + withdrawn.layers().get(1) + "&from=" + repository, null);
    assertEquals(202, mount.status(), "no mount copies a withdrawn blob out, the client must upload it: " + mount);

    // its untagged attachment is hidden with it, and no longer listed; the other image's is
    assertEquals(List.of(), referrers(repository, withdrawn.digest()));
    assertEquals(List.of(keptNote.toString()), referrers(repository, kept.digest()));

    Await.until(Duration.ofSeconds(60), "the withdrawn image to leave search",
        () -> search("quokka").get("total").asInt() == 1);
    JsonNode after = search("quokka");
    assertEquals(kept.digest().toString(), after.get("hits").get(0).get("digest").asText());
    assertEquals(0, facetCount(after, "hasDoi", "true"));
    assertEquals(1, facetCount(after, "hasDoi", "false"));
    assertEquals(0, search("quokkacaller").get("total").asInt());
    JsonNode suggestions = json(client.get("/api/v1/search/suggest?prefix=quokka")).get("suggestions");
    assertEquals(1, suggestions.size(), suggestions::toString);
    assertEquals("quokkamapper", suggestions.get(0).asText());
  }

  @Test
  void withdrawnIndex_hidesItsPlatformImagesAndTheirBlobs() {
    String repository = repository("quokka");
    Pushed amd64 = pushImage(repository, null, "numbatcaller", randomBytes(400));
    Pushed arm64 = pushImage(repository, "arm64", "numbatcaller", randomBytes(400));
    byte[] index = TestImages.index(MediaTypes.OCI_INDEX, List.of(
        platformImage(amd64, "amd64"), platformImage(arm64, "arm64")), null);
    Digest indexDigest = client.pushManifest(repository, "1.0", index, MediaTypes.OCI_INDEX);
    String doi = mintAndApprove(repository, indexDigest);

    withdraw(doi);

    assertWithdrawn(repository, amd64.layers().get(0), doi);
    assertWithdrawn(repository, amd64.digest(), doi);
    Response child = client.get("/v2/" + repository + "/manifests/" + amd64.digest(), "Accept",
        MediaTypes.OCI_MANIFEST);
    assertEquals(410, child.status(), child::toString);
    // the arm64 image is also tagged on its own, so it and its blobs stay pullable
    assertServed(repository, arm64.layers().get(0));
    assertEquals(200, client.get("/v2/" + repository + "/manifests/arm64", "Accept", MediaTypes.OCI_MANIFEST)
        .status());
  }

  private static Descriptor platformImage(Pushed image, String architecture) {
    return new Descriptor(MediaTypes.OCI_MANIFEST, image.digest(), image.manifest().length, null, null,
        new Platform("linux", architecture), null);
  }
}
