package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.arca.core.Actors;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryWriter;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.registry.event.EventDispatcher;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestImages;
import org.arca.search.image.ImageKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Preservation wired into a running server, over real HTTP, with open access (the access rules have their own test):
 * the DOI life cycle, immutability of cited content, withdrawal, provenance and Arca's own derivation records. The
 * subclasses run it on H2 and on PostgreSQL, so the DOI and provenance tables are exercised on both.
 */
abstract class PreservationContract {
  @Inject
  EmbeddedServer server;
  @Inject
  RegistryWriter writer;
  @Inject
  DoiPins pins;
  @Inject
  JdbcProvenanceStore provenance;
  @Inject
  DoiIndexEnricher enricher;
  @Inject
  EventDispatcher events;

  OciClient client;

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  /** Waits until every feature has consumed the event log: provenance is recorded after the push's 201. */
  void awaitFeatures() {
    Await.until(Duration.ofSeconds(60), "the features to consume the event log", events::drained);
  }

  JsonNode requestDoi(String repository, Digest digest, String metadata) {
    Response response = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + digest + "\",\"metadata\":" + metadata + "}"), "Content-Type", "application/json");
    assertEquals(201, response.status(), response::toString);
    return json(response);
  }

  @Test
  void doiLifeCycle_requestApproveWithdraw_keepsTheDoiResolvingAndHidesTheImage() {
    String repository = repository("lab");
    Image image = PreservationFixtures.pushImage(client, repository, "2.1.0", "Variant caller");
    awaitFeatures();
    JsonNode minted = requestDoi(repository, image.digest(), "{\"keywords\":[\"genomics\"],\"licenses\":[\"MIT\"]}");
    String doi = minted.get("doi").asText();
    assertTrue(doi.startsWith("10.5072/"), doi);
    assertEquals("draft", minted.get("state").asText());
    assertEquals("http://localhost:5000/doi/" + doi, minted.get("url").asText());
    assertEquals(image.digest().toString(), minted.get("digest").asText());
    assertEquals("Variant caller", minted.get("metadata").get("titles").get(0).get("title").asText());

    Response again = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + image.digest() + "\"}"), "Content-Type", "application/json");
    assertEquals(200, again.status(), again::toString);
    assertEquals(doi, json(again).get("doi").asText());

    Response approved = client.post("/api/v1/dois/" + doi + "/approve", null);
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("findable", json(approved).get("state").asText());
    assertEquals(doi, enricher.flags(new ImageKey(RepositoryName.parse(repository), image.digest())).doi());

    Response noReason = client.post("/api/v1/dois/" + doi + "/withdraw", body("{}"));
    assertEquals(400, noReason.status(), noReason::toString);
    Response withdrawn = client.post("/api/v1/dois/" + doi + "/withdraw",
        body("{\"reason\":\"The licence of a bundled tool forbids redistribution.\"}"));
    assertEquals(200, withdrawn.status(), withdrawn::toString);
    assertEquals("registered", json(withdrawn).get("state").asText());
    assertEquals("The licence of a bundled tool forbids redistribution.",
        json(withdrawn).get("withdrawal").get("reason").asText());

    Response pulled = client.get("/v2/" + repository + "/manifests/" + image.digest(), "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(410, pulled.status(), pulled::toString);
    assertTrue(pulled.text().contains("withdrawn") && pulled.text().contains(doi), pulled.text());
    assertEquals(410, client.get("/v2/" + repository + "/manifests/2.1.0", "Accept", MediaTypes.OCI_MANIFEST).status());

    Response read = client.get("/api/v1/dois/" + doi);
    assertEquals(200, read.status());
    assertEquals("registered", json(read).get("state").asText());
    assertFalse(enricher.flags(new ImageKey(RepositoryName.parse(repository), image.digest())).hasDoi());
    Response tombstone = client.get("/doi/" + doi, "Accept", "text/html");
    assertEquals(200, tombstone.status(), tombstone::toString);
    assertTrue(tombstone.text().contains("The licence of a bundled tool forbids redistribution."), tombstone.text());
    assertFalse(tombstone.text().contains("class=\"pull\""), "a tombstone offers no pull command");
  }

  @Test
  void citedImage_cannotBeDeletedNorItsTagMovedOrDeleted_andRefusalsNameTheDoi() {
    String repository = repository("lab");
    Image image = PreservationFixtures.pushImage(client, repository, "v1", "Pinned analysis");
    awaitFeatures();
    String doi = requestDoi(repository, image.digest(), "{}").get("doi").asText();

    Response deleteByDigest = client.delete("/v2/" + repository + "/manifests/" + image.digest());
    assertEquals(403, deleteByDigest.status(), deleteByDigest::toString);
    assertEquals("DENIED", deleteByDigest.errorCode());
    assertTrue(deleteByDigest.text().contains(doi), deleteByDigest.text());

    Response deleteTag = client.delete("/v2/" + repository + "/manifests/v1");
    assertEquals(403, deleteTag.status(), deleteTag::toString);
    assertTrue(deleteTag.text().contains(doi), deleteTag.text());

    Image other = PreservationFixtures.pushImage(client, repository, "v2", "Another analysis");
    awaitFeatures();
    Response move = client.put("/v2/" + repository + "/manifests/v1",
        client.get("/v2/" + repository + "/manifests/v2", "Accept", MediaTypes.OCI_MANIFEST).body(),
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(403, move.status(), move::toString);
    assertTrue(move.text().contains(doi), move.text());
    Response still = client.get("/v2/" + repository + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
    assertEquals(image.digest().toString(), still.header("Docker-Content-Digest").orElseThrow());

    Response unrelated = client.delete("/v2/" + repository + "/manifests/" + other.digest());
    assertEquals(202, unrelated.status(), "content without a DOI can still be deleted");

    assertTrue(pins.pinned().contains(image.digest()));
    JsonNode manifest = json(still);
    Digest config = Digest.parse(manifest.get("config").get("digest").asText());
    Digest layer = Digest.parse(manifest.get("layers").get(0).get("digest").asText());
    assertTrue(pins.pinned().containsAll(List.of(config, layer)));
    assertTrue(pins.pinReason(layer).orElseThrow().contains(doi));
    assertTrue(pins.pinReason(other.digest()).isEmpty());
  }

  @Test
  void tagAddedToACitedImage_mayMoveAndGo_whileTheCitedTagStays_andSearchShowsTheCitedTagWithTheDoi() {
    String repository = repository("lab");
    Image image = pushIndexable(repository, "v1", "Echidna aligner");
    JsonNode minted = requestDoi(repository, image.digest(), "{}");
    String doi = minted.get("doi").asText();
    assertEquals("v1", minted.get("tag").asText(), minted::toString);
    OciClient.expect(client.post("/api/v1/dois/" + doi + "/approve", null), 200);
    byte[] manifest = client.get("/v2/" + repository + "/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST).body();
    OciClient.expect(client.put("/v2/" + repository + "/manifests/latest", manifest, "Content-Type",
        MediaTypes.OCI_MANIFEST), 201);

    Await.until(Duration.ofSeconds(60), "the cited image indexed with both tags", () -> {
      JsonNode hits = json(client.get("/api/v1/search?q=echidna")).path("hits");
      return hits.size() == 1 && hits.get(0).get("tags").size() == 2;
    });
    JsonNode hit = json(client.get("/api/v1/search?q=echidna")).get("hits").get(0);
    assertEquals("v1", hit.get("tag").asText(), "the cited version, not latest: " + hit);
    assertEquals(doi, hit.path("doi").asText(), hit::toString);

    Response deleteLatest = client.delete("/v2/" + repository + "/manifests/latest");
    assertEquals(202, deleteLatest.status(), deleteLatest::toString);
    OciClient.expect(client.put("/v2/" + repository + "/manifests/latest", manifest, "Content-Type",
        MediaTypes.OCI_MANIFEST), 201);
    Image next = pushIndexable(repository, "v2", "Echidna aligner, corrected");
    Response moveLatest = client.put("/v2/" + repository + "/manifests/latest",
        client.get("/v2/" + repository + "/manifests/v2", "Accept", MediaTypes.OCI_MANIFEST).body(),
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(201, moveLatest.status(), moveLatest::toString);
    assertEquals(next.digest().toString(), client.head("/v2/" + repository + "/manifests/latest", "Accept",
        MediaTypes.OCI_MANIFEST).header("Docker-Content-Digest").orElseThrow());

    Response deleteCited = client.delete("/v2/" + repository + "/manifests/v1");
    assertEquals(403, deleteCited.status(), deleteCited::toString);
    assertTrue(deleteCited.text().contains(doi), deleteCited.text());
    Response moveCited = client.put("/v2/" + repository + "/manifests/v1",
        client.get("/v2/" + repository + "/manifests/v2", "Accept", MediaTypes.OCI_MANIFEST).body(),
        "Content-Type", MediaTypes.OCI_MANIFEST);
    assertEquals(403, moveCited.status(), moveCited::toString);
  }

  @Test
  void doiRequestedForATag_isMintedForThatTag_andOnlyForATagOfTheImage() {
    String repository = repository("lab");
    Image image = pushIndexable(repository, "latest", "Numbat caller");
    byte[] manifest = client.get("/v2/" + repository + "/manifests/latest", "Accept", MediaTypes.OCI_MANIFEST).body();
    OciClient.expect(client.put("/v2/" + repository + "/manifests/v3", manifest, "Content-Type",
        MediaTypes.OCI_MANIFEST), 201);
    pushIndexable(repository, "2.0", "Numbat caller, older");
    Response wrongTag = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + image.digest() + "\",\"tag\":\"2.0\"}"), "Content-Type", "application/json");
    assertEquals(400, wrongTag.status(), wrongTag::toString);
    assertTrue(wrongTag.text().contains("does not point at this image; its tags are [latest, v3]"), wrongTag.text());

    JsonNode minted = json(client.post("/api/v1/dois", body("{\"repository\":\"" + repository
        + "\",\"digest\":\"" + image.digest() + "\",\"tag\":\"v3\"}"), "Content-Type", "application/json"));
    assertEquals("v3", minted.get("tag").asText(), minted::toString);
    assertEquals("v3", minted.get("metadata").get("version").asText(), "the version falls back to the tag");
    assertEquals(202, client.delete("/v2/" + repository + "/manifests/latest").status());
    assertEquals(403, client.delete("/v2/" + repository + "/manifests/v3").status());
  }

  /** An image search can index: its one layer is data of a type that search and the converter leave alone. */
  private Image pushIndexable(String repository, String tag, String title) {
    byte[] config = TestImages.config("amd64");
    byte[] layer = TestImages.randomBytes(300);
    client.pushBlob(repository, config);
    client.pushBlob(repository, layer);
    byte[] manifest = TestImages.manifest(MediaTypes.OCI_MANIFEST,
        TestImages.descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(TestImages.descriptor("application/vnd.arca.test.data", layer)), null, null,
        TestImages.annotations("org.opencontainers.image.title", title));
    return new Image(client.pushManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST), manifest.length);
  }

  @Test
  void privateOrMissingContent_getsNoDoi_andUnknownDoisAre404() {
    String repository = repository("lab");
    Response missing = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + Digest.sha256(new byte[1]) + "\"}"), "Content-Type", "application/json");
    assertEquals(404, missing.status(), missing::toString);
    assertEquals(404, client.get("/api/v1/dois/10.5072/0000-0000-0000").status());
    assertEquals(404, client.get("/doi/10.5072/0000-0000-0000").status());
    Response malformed = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\"}"),
        "Content-Type", "application/json");
    assertEquals(400, malformed.status(), malformed::toString);
  }

  @Test
  void provenanceApi_summarizesPushAnnotationsAttestationsAndBaseImage() {
    String repository = repository("lab");
    Image image = PreservationFixtures.pushImage(client, repository, "2.1.0", "Variant caller");
    Digest attestation = PreservationFixtures.pushAttestation(client, repository, image);
    awaitFeatures();

    Response response = client.get("/api/v1/provenance/" + repository + "@" + image.digest());
    assertEquals(200, response.status(), response::toString);
    JsonNode report = json(response);
    assertEquals("anonymous", report.get("push").get("by").asText());
    assertTrue(report.get("push").get("userAgent").asText().startsWith("Java-http-client"), report.toString());
    assertEquals("https://github.com/octo/analysis",
        report.get("annotations").get("org.opencontainers.image.source").asText());
    assertEquals(PreservationFixtures.COMMIT,
        report.get("annotations").get("org.opencontainers.image.revision").asText());
    assertEquals("MIT", report.get("annotations").get("org.opencontainers.image.licenses").asText());
    JsonNode found = report.get("attestations").get(0);
    assertEquals(attestation.toString(), found.get("carrier").asText());
    assertEquals("https://slsa.dev/provenance/v1", found.get("predicateType").asText());
    assertEquals("https://github.com/actions/runner", found.get("provenance").get("builderId").asText());
    List<String> relations = StreamSupport.stream(report.get("ancestors").spliterator(), false)
        .map(e -> e.get("relation").asText() + " " + e.path("source").asText(e.path("sourceName").asText()))
        .toList();
    assertTrue(relations.contains("BASE_IMAGE " + PreservationFixtures.BASE), relations.toString());
    assertTrue(relations.stream().anyMatch(r -> r.startsWith("MATERIAL git+https://github.com/octo/analysis")),
        relations.toString());

    Response base = client.get("/api/v1/provenance/" + repository + "@" + image.digest());
    assertEquals(report, json(base), "recording again adds nothing");
    assertEquals(404, client.get("/api/v1/provenance/" + repository + "@" + Digest.sha256(new byte[2])).status());
  }

  @Test
  void sifFromTheConverter_getsAnInTotoDerivationStatementAsReferrer_andAConvertedFromEdge() throws Exception {
    String repository = repository("hpc");
    Image image = PreservationFixtures.pushImage(client, repository, "1.0", "HPC tool");
    Digest sif = PreservationFixtures.pushSif(writer, repository, image);

    Await.until(Duration.ofSeconds(60), "the derivation statement of " + sif, () ->
        json(client.get("/v2/sif/" + repository + "/referrers/" + sif + "?artifactType="
            + MediaTypes.IN_TOTO.replace("+", "%2B")))
            .get("manifests").size() == 1);
    JsonNode referrer = json(client.get("/v2/sif/" + repository + "/referrers/" + sif)).get("manifests").get(0);
    JsonNode statementManifest = json(client.get("/v2/" + repository + "/manifests/"
        + referrer.get("digest").asText(), "Accept", MediaTypes.OCI_MANIFEST));
    String layer = statementManifest.get("layers").get(0).get("digest").asText();
    JsonNode statement = json(client.get("/v2/" + repository + "/blobs/" + layer));
    assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
    JsonNode definition = statement.get("predicate").get("buildDefinition");
    assertEquals("urn:arca:build-type:sif-conversion:v1", definition.get("buildType").asText());
    assertEquals(Actors.CONVERTER + " 0.4.2", definition.get("internalParameters").get("converter").asText());
    assertEquals(image.digest().hex(), definition.get("resolvedDependencies").get(0).get("digest").get("sha256")
        .asText());
    assertEquals("2026-03-01T11:00:00Z", statement.get("predicate").get("runDetails").get("metadata")
        .get("finishedOn").asText());

    Await.until(Duration.ofSeconds(30), "the CONVERTED_FROM edge", () -> provenance.derivativesOf(image.digest())
        .stream().anyMatch(r -> r.relation() == ProvenanceRecord.Relation.CONVERTED_FROM && r.subject().equals(sif)));
    JsonNode report = json(client.get("/api/v1/provenance/" + repository + "@" + image.digest()));
    assertEquals(sif.toString(), report.get("descendants").get(0).get("subject").asText());
    assertEquals("ARCA", report.get("descendants").get(0).get("origin").asText());

    Digest userSif = PreservationFixtures.pushSifAs(writer, repository, image, "some-user");
    assertNotNull(userSif);
    assertEquals(0, json(client.get("/v2/sif/" + repository + "/referrers/" + userSif)).get("manifests").size(),
        "a SIF a user pushed is not vouched for");
  }
}
