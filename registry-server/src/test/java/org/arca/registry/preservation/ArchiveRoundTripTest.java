package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryWriter;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's promise end to end: a real image pushed with skopeo, with a recipe, a CI attestation, a converted SIF
 * and a DOI (and a second, withdrawn DOI), is exported through the API as a BagIt bag, the bag verifies with the
 * Library of Congress's verifier, and importing it into a fresh Arca gives back every digest, tag, DOI and
 * provenance record.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveRoundTripTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  RegistryWriter writer;
  @TempDir
  Path work;

  @Override
  public Map<String, String> getProperties() {
    // The test pushes its own SIF; a conversion finishing after the export was taken would be missing from the bag.
    Map<String, String> properties = new java.util.HashMap<>(TestDatabases.h2());
    properties.put("arca.converter.enabled", "false");
    return properties;
  }

  @Test
  void exportedBag_verifies_andImportsIntoAFreshArcaWithTheSameDigestsTagsDoisAndProvenance() throws Exception {
    OciClient client = new OciClient(URI.create(server.getURL().toString()));
    String host = server.getHost() + ":" + server.getPort();
    Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false",
        "oci:" + Processes.debianMinbase() + ":bookworm", "docker://" + host + "/lab/debian:bookworm");
    Response head = client.head("/v2/lab/debian/manifests/bookworm", "Accept", MediaTypes.OCI_MANIFEST);
    Image debian = new Image(Digest.parse(head.header("Docker-Content-Digest").orElseThrow()),
        Long.parseLong(head.header("Content-Length").orElseThrow()));
    Digest recipe = pushRecipe(client, "lab/debian", debian);
    Digest attestation = PreservationFixtures.pushAttestation(client, "lab/debian", debian);
    Digest sif = PreservationFixtures.pushSif(writer, "lab/debian", debian);
    Await.until(Duration.ofSeconds(60), "the SIF's derivation statement", () ->
        json(client.get("/v2/sif/lab/debian/referrers/" + sif)).get("manifests").size() == 1);
    String doi = mint(client, "lab/debian", debian.digest());
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/approve", null), 200);
    Image analysis = PreservationFixtures.pushImage(client, "lab/analysis", "2.1.0", "Variant caller");
    String withdrawnDoi = mint(client, "lab/analysis", analysis.digest());
    OciClient.expect(client.post("/api/v1/dois/" + withdrawnDoi + "/approve", null), 200);
    OciClient.expect(client.post("/api/v1/dois/" + withdrawnDoi + "/withdraw",
        body("{\"reason\":\"Superseded by a corrected release.\"}")), 200);

    Response started = client.post("/api/v1/exports", body("{\"repositories\":[\"lab/debian\"],\"dois\":true}"),
        "Content-Type", "application/json");
    assertEquals(202, started.status(), started::toString);
    String id = json(started).get("id").asText();
    Await.until(Duration.ofMinutes(3), "export " + id, () ->
        json(client.get("/api/v1/exports/" + id)).get("state").asText().equals("done"));
    Path bag = untar(client.get("/api/v1/exports/" + id + "/bag.tar").body(), work.resolve("download"))
        .resolve("arca-export-" + id);

    Bag read = new BagReader().read(bag);
    try (BagVerifier verifier = new BagVerifier()) {
      verifier.isValid(read, false);
    }
    String info = Files.readString(bag.resolve("bag-info.txt"));
    assertTrue(info.contains("External-Identifier: https://doi.org/" + doi), info);
    assertTrue(info.contains("External-Identifier: https://doi.org/" + withdrawnDoi), info);

    // once copied off site, the curator deletes the server's bag; the export's record stays
    Path kept = server.getApplicationContext().getBean(ExportJobs.class).bag(id);
    assertTrue(Files.isDirectory(kept), kept.toString());
    Response deletion = client.delete("/api/v1/exports/" + id);
    OciClient.expect(deletion, 200);
    JsonNode deleted = json(deletion);
    assertTrue(deleted.get("deleted").asBoolean(), deleted.toString());
    assertEquals("done", deleted.get("state").asText());
    assertFalse(Files.exists(kept), kept.toString());
    assertEquals(410, client.get("/api/v1/exports/" + id + "/bag.tar").status());

    try (EmbeddedServer freshServer = ApplicationContext.run(EmbeddedServer.class,
        new java.util.HashMap<String, Object>(getProperties()))) {
      ApplicationContext fresh = freshServer.getApplicationContext();
      StringWriter printed = new StringWriter();
      PreservationCommands.importBag(fresh, bag, new PrintWriter(printed, true));
      assertTrue(printed.toString().startsWith("imported "), printed.toString());

      RegistryCatalog before = server.getApplicationContext().getBean(RegistryCatalog.class);
      RegistryCatalog after = fresh.getBean(RegistryCatalog.class);
      for (String repository : List.of("lab/debian", "lab/analysis")) {
        RepositoryName name = RepositoryName.parse(repository);
        assertEquals(sorted(before.manifestDigests(name)), sorted(after.manifestDigests(name)), repository);
        assertEquals(before.tags(name, null, 100), after.tags(name, null, 100), repository);
        for (Digest digest : before.manifestDigests(name)) {
          assertEquals(before.tagsOf(name, digest), after.tagsOf(name, digest));
          assertTrue(java.util.Arrays.equals(before.manifest(name, digest).orElseThrow().content(),
              after.manifest(name, digest).orElseThrow().content()));
        }
      }
      List<Digest> debianContent = before.manifestDigests(RepositoryName.parse("lab/debian"));
      assertTrue(debianContent.containsAll(List.of(debian.digest(), recipe, attestation, sif)));

      JdbcDoiRecordStore doisBefore = server.getApplicationContext().getBean(JdbcDoiRecordStore.class);
      JdbcDoiRecordStore doisAfter = fresh.getBean(JdbcDoiRecordStore.class);
      assertEquals(doisBefore.allVersions(), doisAfter.allVersions());
      for (String repository : List.of("lab/debian", "lab/analysis")) {
        RepositoryName name = RepositoryName.parse(repository);
        assertEquals(doisBefore.concept(name), doisAfter.concept(name));
      }
      DoiRecord withdrawn = doisAfter.find(org.arca.preservation.metadata.Doi.parse(withdrawnDoi)).orElseThrow();
      assertEquals("Superseded by a corrected release.", withdrawn.withdrawal().reason());

      JdbcProvenanceStore provenanceBefore = server.getApplicationContext().getBean(JdbcProvenanceStore.class);
      JdbcProvenanceStore provenanceAfter = fresh.getBean(JdbcProvenanceStore.class);
      int records = 0;
      for (String repository : List.of("lab/debian", "lab/analysis")) {
        for (Digest digest : before.manifestDigests(RepositoryName.parse(repository))) {
          List<ProvenanceRecord> expected = provenanceBefore.sourcesOf(digest);
          assertEquals(expected, provenanceAfter.sourcesOf(digest), "provenance of " + digest);
          records += expected.size();
        }
      }
      assertTrue(provenanceAfter.derivativesOf(debian.digest()).stream()
          .anyMatch(r -> r.relation() == ProvenanceRecord.Relation.CONVERTED_FROM && r.subject().equals(sif)));
      assertTrue(records >= 3, "base image, build materials and the SIF's conversion: " + records);

      OciClient imported = new OciClient(URI.create(freshServer.getURL().toString()));
      assertEquals(410, imported.get("/v2/lab/analysis/manifests/" + analysis.digest(),
          "Accept", MediaTypes.OCI_MANIFEST).status(), "the withdrawal travels with the archive");
      Response cited = imported.get("/doi/" + doi, "Accept", "text/html");
      assertEquals(200, cited.status());
      assertFalse(cited.text().contains("id=\"tombstone\""));
      String freshHost = freshServer.getHost() + ":" + freshServer.getPort();
      Path pulled = work.resolve("pulled");
      Processes.run("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
          "docker://" + freshHost + "/lab/debian@" + debian.digest(), "oci:" + pulled + ":bookworm");
      JsonNode index = json(new Response(200, Map.of(), Files.readAllBytes(pulled.resolve("index.json"))));
      assertEquals(debian.digest().toString(), index.get("manifests").get(0).get("digest").asText());
    }
  }

  private static String mint(OciClient client, String repository, Digest digest) {
    Response minted = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + digest + "\"}"), "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    return json(minted).get("doi").asText();
  }

  /** A Dockerfile attached to the image as a recipe artifact, the way search's recipe loader attaches one. */
  private static Digest pushRecipe(OciClient client, String repository, Image image) {
    byte[] dockerfile = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y samtools\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, dockerfile);
    client.pushBlob(repository, empty);
    byte[] artifact = manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_EMPTY, Digest.sha256(empty), 2),
        List.of(new Descriptor("text/x-dockerfile", Digest.sha256(dockerfile), dockerfile.length, null,
            annotations("org.opencontainers.image.title", "Dockerfile"), null, null)),
        image.descriptor(), "application/vnd.arca.recipe.dockerfile.v1", null);
    return client.pushManifest(repository, Digest.sha256(artifact).toString(), artifact, MediaTypes.OCI_MANIFEST);
  }

  private static List<String> sorted(List<Digest> digests) {
    return digests.stream().map(Digest::toString).sorted().toList();
  }

  /**
   * Unpacks the bag with GNU tar, as a curator would, and fails on anything tar prints: a header keyword GNU tar does
   * not know (libarchive's, say) makes it warn once per file.
   */
  private static Path untar(byte[] tar, Path target) throws Exception {
    Path file = Files.write(target.resolveSibling("bag.tar"), tar);
    Files.createDirectories(target);
    assertEquals("", Processes.run("tar", "-tvf", file.toString()).lines()
        .filter(line -> line.startsWith("tar:")).reduce("", (a, b) -> a + b + "\n"));
    assertEquals("", Processes.run("tar", "-xf", file.toString(), "-C", target.toString()));
    return target;
  }
}
