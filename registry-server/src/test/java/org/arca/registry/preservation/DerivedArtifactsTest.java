package org.arca.registry.preservation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RegistryException;
import org.arca.core.registry.RegistryWriter;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where what Arca derives (a SIF and its derivation statement) is listed, and that it goes when its image goes, while
 * a SIF a user pushed is the user's: listed with the image's referrers and kept.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DerivedArtifactsTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  RegistryWriter writer;
  OciClient client;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  @Test
  void convertedSif_isListedUnderSif_andDeletedWithItsImage_withItsStatement() throws Exception {
    String repository = TestImages.repository("hpc");
    Image image = PreservationFixtures.pushImage(client, repository, "1.0", "HPC tool");
    Digest sif = PreservationFixtures.pushSif(writer, repository, image);
    Await.until(Duration.ofSeconds(60), "the derivation statement of " + sif, () ->
        digests("/v2/sif/" + repository + "/referrers/" + sif).size() == 1);
    Digest statement = Digest.parse(digests("/v2/sif/" + repository + "/referrers/" + sif).get(0));
    String sifFile = PreservationFixtures.json(client.get("/v2/" + repository + "/manifests/" + sif, "Accept",
        MediaTypes.OCI_MANIFEST)).get("layers").get(0).get("digest").asText();
    assertEquals(200, client.head("/v2/" + repository + "/blobs/" + sifFile).status());

    assertEquals(List.of(), digests("/v2/" + repository + "/referrers/" + image.digest()));
    assertEquals(List.of(sif.toString()), digests("/v2/sif/" + repository + "/referrers/" + image.digest()));

    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + image.digest()).status());
    for (Digest derived : List.of(sif, statement)) {
      OciClient.Response gone = client.get("/v2/" + repository + "/manifests/" + derived,
          "Accept", MediaTypes.OCI_MANIFEST);
      assertEquals(404, gone.status(), derived + " was derived from the deleted image: " + gone);
    }
    assertEquals(List.of(), digests("/v2/sif/" + repository + "/referrers/" + image.digest()));
    assertEquals(404, client.head("/v2/" + repository + "/blobs/" + sifFile).status(),
        "the SIF file Arca linked is unlinked with its artifact");
  }

  @Test
  void imageWhoseSifADoiPins_isNotDeleted_andNeitherIsTheSif() throws Exception {
    String repository = TestImages.repository("hpc");
    Image image = PreservationFixtures.pushImage(client, repository, "1.0", "HPC tool");
    Digest sif = PreservationFixtures.pushSif(writer, repository, image);
    OciClient.Response minted = client.post("/api/v1/dois", PreservationFixtures.body("{\"repository\":\""
        + repository + "\",\"digest\":\"" + sif + "\"}"), "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    String doi = PreservationFixtures.json(minted).get("doi").asText();
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/approve", null), 200);

    OciClient.Response refused = client.delete("/v2/" + repository + "/manifests/" + image.digest());
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("DENIED", refused.errorCode());
    for (Digest kept : List.of(image.digest(), sif)) {
      assertEquals(200, client.get("/v2/" + repository + "/manifests/" + kept, "Accept", MediaTypes.OCI_MANIFEST)
          .status());
    }
  }

  @Test
  void sifAUserPushed_isListedWithTheImagesReferrers_andKeptWhenTheImageIsDeleted() throws Exception {
    String repository = TestImages.repository("hpc");
    Image image = PreservationFixtures.pushImage(client, repository, "1.0", "HPC tool");
    Digest sif = PreservationFixtures.pushSifAs(writer, repository, image, "some-user");

    assertEquals(List.of(sif.toString()), digests("/v2/" + repository + "/referrers/" + image.digest()));
    assertEquals(List.of(sif.toString()), digests("/v2/sif/" + repository + "/referrers/" + image.digest()));
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + image.digest()).status());
    assertEquals(200, client.get("/v2/" + repository + "/manifests/" + sif, "Accept", MediaTypes.OCI_MANIFEST)
        .status());
  }

  @Test
  void conversionFinishingAfterItsImageWasDeleted_storesNothing() throws Exception {
    String repository = TestImages.repository("hpc");
    Image image = PreservationFixtures.pushImage(client, repository, "1.0", "HPC tool");
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/" + image.digest()).status());

    RegistryException refused = assertThrows(RegistryException.class,
        () -> PreservationFixtures.pushSif(writer, repository, image));
    assertTrue(refused.getMessage().contains(image.digest() + " it was derived from has been deleted"),
        refused.getMessage());
    assertEquals(List.of(), digests("/v2/sif/" + repository + "/referrers/" + image.digest()));
  }

  private List<String> digests(String path) {
    JsonNode manifests = PreservationFixtures.json(client.get(path)).get("manifests");
    return StreamSupport.stream(manifests.spliterator(), false).map(m -> m.get("digest").asText()).toList();
  }
}
