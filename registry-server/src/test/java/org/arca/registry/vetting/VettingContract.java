package org.arca.registry.vetting;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.vetting.VettingFixtures.body;
import static org.arca.registry.vetting.VettingFixtures.json;
import static org.arca.registry.vetting.VettingFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.image.OciJson;
import org.arca.core.vetting.VettingRecords;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.RecordedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vetting end to end over real HTTP (issue 14): a Debian image pushed with skopeo, a real CycloneDX SBOM and Trivy
 * reports attached as referrers the way {@code oras attach} does, a policy, a refusal naming what is missing, the
 * signed attestation in the referrers API verified with the served key, revocation, re-evaluation on a new scan, and
 * search's {@code is:vetted}. Subclasses run it on each database.
 */
abstract class VettingContract {
  @Inject
  EmbeddedServer server;
  @Inject
  VettingRecords records;
  @Inject
  RecordedEvents events;
  @Inject
  VettingReevaluation reevaluation;

  OciClient client;

  @BeforeAll
  void client() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  @Test
  void debianImage_vettedWithSbomAndScan_signedAttestation_revoked_reevaluatedOnCriticalScan() throws Exception {
    String repository = "lab/debian";
    String host = server.getHost() + ":" + server.getPort();
    Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false",
        "oci:" + Processes.debianMinbase() + ":bookworm", "docker://" + host + "/" + repository + ":bookworm");
    Response head = client.head("/v2/" + repository + "/manifests/bookworm", "Accept", MediaTypes.OCI_MANIFEST);
    Digest image = Digest.parse(head.header("Docker-Content-Digest").orElseThrow());
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, image,
        Long.parseLong(head.header("Content-Length").orElseThrow()));

    // no evidence at all: refused with every unmet requirement, and nothing recorded
    Response refused = vet(repository, image, "{}");
    assertEquals(409, refused.status(), refused::toString);
    assertEquals("DENIED", refused.errorCode());
    JsonNode unmet = json(refused).get("errors").get(0).get("detail").get("unmet");
    assertEquals(2, unmet.size(), unmet::toString);
    assertTrue(unmet.toString().contains("no SBOM is attached"), unmet::toString);
    assertTrue(unmet.toString().contains("unscanned means not vetted"), unmet::toString);
    assertTrue(records.current(image).isEmpty());

    Digest sbom = attach(repository, subject, EvidenceReader.CYCLONEDX_JSON, resource("debian-minbase.cdx.json"));
    Digest cleanScan = attach(repository, subject, EvidenceReader.TRIVY_REPORT, resource("trivy-clean.json"));

    // a policy that the evidence does not meet: licences outside the list, a HIGH finding above "medium"
    Response policy = client.put("/api/v1/namespaces/lab/vetting-policy", body("{\"scan\":{\"maxSeverity\":\"medium\"},"
        + "\"allowedLicenses\":[\"GPL-3.0-or-later\",\"Zlib\"],\"maxEvidenceAge\":\"P3650D\"}"),
        "Content-Type", "application/json");
    assertEquals(200, policy.status(), policy::toString);
    assertFalse(json(policy).get("default").asBoolean());
    refused = vet(repository, image, "{}");
    assertEquals(409, refused.status(), refused::toString);
    unmet = json(refused).get("errors").get(0).get("detail").get("unmet");
    assertEquals(2, unmet.size(), unmet::toString);
    assertTrue(unmet.get(0).asText().contains("CVE-2023-4911 (high)"), unmet::toString);
    assertTrue(unmet.get(1).asText().startsWith("licences not on the allowed list"), unmet::toString);
    assertTrue(unmet.get(1).asText().contains("LGPL-2.1-or-later") && unmet.get(1).asText().contains(
        "GPL-2.0-or-later") && !unmet.get(1).asText().contains("Zlib"), unmet::toString);

    Response badPolicy = client.put("/api/v1/namespaces/lab/vetting-policy", body("{\"scan\":{\"maxSeverity\":"
        + "\"severe\"}}"), "Content-Type", "application/json");
    assertEquals(400, badPolicy.status(), badPolicy::toString);
    assertTrue(badPolicy.text().contains("\\\"severe\\\" is not one of"), badPolicy::toString);

    // the curators accept the libc finding and the GNU licences
    policy = client.put("/api/v1/namespaces/lab/vetting-policy", body("{\"scan\":{\"maxSeverity\":\"medium\","
        + "\"allowedCves\":[\"CVE-2023-4911\"]},\"allowedLicenses\":[\"GPL-3.0-or-later\",\"GPL-2.0-or-later\","
        + "\"LGPL-2.1-or-later\",\"Zlib\"],\"maxEvidenceAge\":\"P3650D\"}"), "Content-Type", "application/json");
    assertEquals(200, policy.status(), policy::toString);
    Response vetted = vet(repository, image, "{\"reason\":\"base image for the lab\"}");
    assertEquals(201, vetted.status(), vetted::toString);
    JsonNode decision = json(vetted);
    assertTrue(decision.get("vetted").asBoolean());
    assertEquals("image", decision.get("scope").asText());
    assertEquals(List.of(sbom.toString(), cleanScan.toString()), strings(decision.get("evidence")));
    assertTrue(records.current(image).orElseThrow().vetted());
    Digest attestation = Digest.parse(decision.get("attestation").asText());

    // the attestation is a referrer of the image, signed with the key anyone may fetch
    JsonNode referrers = json(client.get("/v2/" + repository + "/referrers/" + image));
    JsonNode listed = null;
    for (JsonNode entry : referrers.get("manifests")) {
      if (entry.get("digest").asText().equals(attestation.toString())) {
        listed = entry;
      }
    }
    assertTrue(listed != null, referrers::toString);
    assertEquals(Attestations.ENVELOPE, listed.get("artifactType").asText());
    JsonNode statement = verifiedStatement(repository, attestation);
    assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
    assertEquals(Attestations.PREDICATE_TYPE, statement.get("predicateType").asText());
    assertEquals(image.hex(), statement.get("subject").get(0).get("digest").get("sha256").asText());
    JsonNode predicate = statement.get("predicate");
    assertEquals("vetted", predicate.get("outcome").asText());
    assertEquals("lab", predicate.get("policy").get("namespace").asText());
    assertEquals(List.of("CVE-2023-4911"), strings(predicate.get("policy").get("document").get("scan")
        .get("allowedCves")));
    assertEquals(List.of(sbom.toString(), cleanScan.toString()), strings(predicate.get("evidence")));

    // search finds it as vetted
    Await.until(Duration.ofSeconds(60), "the image to be found by is:vetted",
        () -> json(client.get("/api/v1/search?q=is:vetted")).get("total").asInt() == 1);
    assertEquals(repository, json(client.get("/api/v1/search?q=is:vetted")).get("hits").get(0).get("repository")
        .asText());

    // revoked by a curator: not vetted, and a second revocation is refused
    Response revoked = client.post("/api/v1/repositories/" + repository + "/manifests/" + image + "/vetting/revoke",
        body("{\"reason\":\"the lab moved to trixie\"}"), "Content-Type", "application/json");
    assertEquals(200, revoked.status(), revoked::toString);
    assertFalse(records.current(image).orElseThrow().vetted());
    assertTrue(records.current(image).orElseThrow().reason().contains("the lab moved to trixie"));
    Response again = client.post("/api/v1/repositories/" + repository + "/manifests/" + image + "/vetting/revoke",
        body("{\"reason\":\"twice\"}"), "Content-Type", "application/json");
    assertEquals(409, again.status(), again::toString);
    Await.until(Duration.ofSeconds(60), "the revoked image to leave is:vetted",
        () -> json(client.get("/api/v1/search?q=is:vetted")).get("total").asInt() == 0);

    // vetted again, then a new scan reports a critical CVE: Arca unvets it and says so in the event log
    assertEquals(201, vet(repository, image, "{}").status());
    int factsBefore = vettedFacts(repository);
    Digest criticalScan = attach(repository, subject, EvidenceReader.TRIVY_REPORT, resource("trivy-critical.json"));
    Await.until(Duration.ofSeconds(60), "the re-evaluation after the critical scan",
        () -> !records.current(image).orElseThrow().vetted());
    VettingRecords.Decision unvetted = records.current(image).orElseThrow();
    assertEquals(VettingService.ARCA, unvetted.decidedBy());
    assertTrue(unvetted.reason().contains("CVE-2024-45490 (critical)"), unvetted::reason);
    assertTrue(unvetted.reason().contains(criticalScan.toString()), unvetted::reason);
    events.await(repository, list -> vettedFacts(repository) > factsBefore);

    JsonNode status = json(client.get("/api/v1/repositories/" + repository + "/manifests/" + image + "/vetting"));
    assertFalse(status.get("vetted").asBoolean());
    assertEquals(4, status.get("history").size(), status::toString);
    assertEquals(List.of(false, true, false, true), List.of(status.get("history").get(0).get("vetted").asBoolean(),
        status.get("history").get(1).get("vetted").asBoolean(), status.get("history").get(2).get("vetted")
            .asBoolean(), status.get("history").get(3).get("vetted").asBoolean()));
    verifiedStatement(repository, Digest.parse(status.get("current").get("attestation").asText()));
  }

  @Test
  void buildingBlock_vettedOnItsBase_coversOnlyTheLayersItAdds() {
    String repository = "blocks/samtools";
    byte[] baseLayer = randomBytes(700);
    byte[] toolLayer = randomBytes(900);
    byte[] baseConfig = config("amd64");
    byte[] blockConfig = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\""
        + ":[]},\"config\":{\"Labels\":{\"org.opencontainers.image.licenses\":\"MIT\"}}}")
        .getBytes(StandardCharsets.UTF_8);
    for (byte[] blob : List.of(baseLayer, toolLayer, baseConfig, blockConfig)) {
      client.pushBlob(repository, blob);
    }
    Digest base = client.pushManifest(repository, "base", manifest(descriptor(MediaTypes.OCI_CONFIG, baseConfig),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, baseLayer))), MediaTypes.OCI_MANIFEST);
    byte[] blockManifest = manifest(descriptor(MediaTypes.OCI_CONFIG, blockConfig),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, baseLayer), descriptor(MediaTypes.OCI_LAYER_GZIP, toolLayer)));
    Digest block = client.pushManifest(repository, "1.21", blockManifest, MediaTypes.OCI_MANIFEST);
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, block, blockManifest.length);
    attach(repository, subject, EvidenceReader.CYCLONEDX_JSON, resource("debian-minbase.cdx.json"));
    attach(repository, subject, EvidenceReader.TRIVY_REPORT, resource("trivy-clean.json"));

    Response notOnBase = vet(repository, base, "{\"base\":\"" + repository + "@" + block + "\"}");
    assertEquals(409, notOnBase.status(), notOnBase::toString);
    assertTrue(notOnBase.text().contains("do not start with"), notOnBase::toString);

    Response vetted = vet(repository, block, "{\"base\":\"" + repository + "@" + base + "\"}");
    assertEquals(201, vetted.status(), vetted::toString);
    JsonNode decision = json(vetted);
    assertEquals("block", decision.get("scope").asText());
    assertEquals(base.toString(), decision.get("base").get("digest").asText());
    assertEquals(List.of(Digest.sha256(toolLayer).toString()), strings(decision.get("layers")));
    assertTrue(records.current(block).orElseThrow().vetted());
    assertTrue(records.current(base).isEmpty(), "vetting a block says nothing about its base");

    // the scheduled check: evidence older than a tightened policy's maximum age unvets the block
    Response policy = client.put("/api/v1/namespaces/blocks/vetting-policy", body("{\"maxEvidenceAge\":\"P1D\"}"),
        "Content-Type", "application/json");
    assertEquals(200, policy.status(), policy::toString);
    assertEquals("1 decision changed", reevaluation.run("all", null));
    VettingRecords.Decision expired = records.current(block).orElseThrow();
    assertFalse(expired.vetted());
    assertTrue(expired.reason().contains("older than the maximum age PT24H"), expired::reason);
    assertEquals("0 decisions changed", reevaluation.run("all", null), "nothing changes twice");
  }

  @Test
  void unknownManifestAndBadBodies_areAnsweredWithoutAServerError() {
    Response unknown = vet("lab/nothing", Digest.sha256(new byte[] {1}), "{}");
    assertEquals(404, unknown.status(), unknown::toString);
    assertEquals("MANIFEST_UNKNOWN", unknown.errorCode());
    Response notJson = client.put("/api/v1/namespaces/lab/vetting-policy", body("not json"), "Content-Type",
        "application/json");
    assertEquals(400, notJson.status(), notJson::toString);
    Response unknownField = client.put("/api/v1/namespaces/lab/vetting-policy", body("{\"requireSBOM\":true}"),
        "Content-Type", "application/json");
    assertEquals(400, unknownField.status(), unknownField::toString);
    assertTrue(unknownField.text().contains("requireSBOM"), unknownField::toString);
    Response nested = client.get("/api/v1/namespaces/lab%2Fdebian/vetting-policy");
    assertTrue(nested.status() == 400 || nested.status() == 404, nested::toString);
    Response key = client.get("/api/v1/vetting/public-key");
    assertEquals(200, key.status());
    assertTrue(key.text().startsWith("-----BEGIN PUBLIC KEY-----"), key::toString);
  }

  // ---- helpers

  private Response vet(String repository, Digest digest, String json) {
    return client.post("/api/v1/repositories/" + repository + "/manifests/" + digest + "/vetting", body(json),
        "Content-Type", "application/json");
  }

  private Digest attach(String repository, Descriptor subject, String artifactType, byte[] document) {
    return VettingFixtures.attach(client, repository, subject, artifactType, document);
  }

  /** Fetches an attestation, checks its DSSE signature with the served public key, and returns the statement. */
  private JsonNode verifiedStatement(String repository, Digest attestation) throws Exception {
    JsonNode artifact = json(client.get("/v2/" + repository + "/manifests/" + attestation, "Accept",
        MediaTypes.OCI_MANIFEST));
    assertEquals(Attestations.ENVELOPE, artifact.get("artifactType").asText());
    String layer = artifact.get("layers").get(0).get("digest").asText();
    JsonNode envelope = json(client.get("/v2/" + repository + "/blobs/" + layer));
    assertEquals(MediaTypes.IN_TOTO, envelope.get("payloadType").asText());
    byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
    byte[] signature = Base64.getDecoder().decode(envelope.get("signatures").get(0).get("sig").asText());
    String pem = client.get("/api/v1/vetting/public-key").text();
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
        .decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(key);
    verifier.update(("DSSEv1 " + MediaTypes.IN_TOTO.length() + " " + MediaTypes.IN_TOTO + " " + payload.length + " ")
        .getBytes(StandardCharsets.UTF_8));
    verifier.update(payload);
    assertTrue(verifier.verify(signature), "the attestation's signature verifies with the served public key");
    verifier.initVerify(key);
    verifier.update(payload); // without the pre-authentication encoding it must not verify
    assertFalse(verifier.verify(signature));
    return OciJson.MAPPER.readTree(payload);
  }

  private int vettedFacts(String repository) {
    return (int) events.of(repository).stream()
        .filter(e -> e instanceof ImageFactsChanged changed && changed.fact().equals(VettingService.FACT)).count();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }
}
