package org.arca.preservation.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.RepositoryName;
import org.arca.preservation.InMemoryRegistry;
import org.arca.preservation.attestation.DerivationStatements;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.attestation.InTotoStatement;
import org.arca.preservation.attestation.ReferrerArtifact;
import org.arca.preservation.metadata.ImageFactsReader;
import org.junit.jupiter.api.Test;

class ProvenanceRecorderTest {
  static final RepositoryName REPO = RepositoryName.parse("biocontainers/samtools");
  static final Instant NOW = Instant.parse("2026-03-14T12:00:00Z");

  private final InMemoryRegistry registry = new InMemoryRegistry();
  private final InMemoryProvenanceStore store = new InMemoryProvenanceStore();
  private final ProvenanceRecorder recorder = new ProvenanceRecorder(registry, new ImageFactsReader(registry, registry),
      new ImageAttestations(registry, registry), store, Clock.fixed(NOW, ZoneOffset.UTC));

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ProvenanceRecorderTest.class.getResourceAsStream("/attestation/" + name)) {
      return in.readAllBytes();
    }
  }

  /** An image whose config labels name its base, as docker buildx writes them. */
  static Descriptor labelledImage(InMemoryRegistry registry, Digest base, String... tags) {
    Descriptor config = registry.blob(MediaTypes.OCI_CONFIG, "{\"architecture\":\"amd64\",\"os\":\"linux\","
        + "\"config\":{\"Labels\":{\"org.opencontainers.image.base.name\":\"docker.io/library/debian:12-slim\","
        + "\"org.opencontainers.image.base.digest\":\"" + base + "\"}},\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]}}");
    Descriptor layer = registry.blob(MediaTypes.OCI_LAYER_GZIP, new byte[] {31, -117, 8, 0, 1, 2, 3});
    return registry.image(REPO, config, List.of(layer), null, null, Map.of(), tags);
  }

  @Test
  void labelledImage_recordsBaseImageFromLabels() throws IOException {
    Digest base = Digest.sha256("debian".getBytes());
    Descriptor image = labelledImage(registry, base, "1.19.2");
    List<ProvenanceRecord> records = recorder.record(REPO, image.digest());
    assertEquals(1, records.size());
    ProvenanceRecord r = records.get(0);
    assertEquals(ProvenanceRecord.Relation.BASE_IMAGE, r.relation());
    assertEquals(ProvenanceRecord.Origin.LABEL, r.origin());
    assertEquals(base, r.source());
    assertEquals("docker.io/library/debian:12-slim", r.sourceName());
    assertEquals(NOW, r.recordedAt());
  }

  @Test
  void buildKitIndexWithAttestationManifest_recordsMaterialsOfTheAttestedImage() throws IOException {
    Descriptor image = labelledImage(registry, Digest.sha256("debian".getBytes()));
    Descriptor statement = registry.blob(InTotoStatement.MEDIA_TYPE, resource("buildkit-slsa-v0.2.json"));
    statement = statement.withAnnotations(Map.of("in-toto.io/predicate-type", "https://slsa.dev/provenance/v0.2"));
    Descriptor empty = registry.blob(MediaTypes.OCI_CONFIG, "{\"architecture\":\"unknown\",\"os\":\"unknown\","
        + "\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    Descriptor attestation = registry.image(REPO, empty, List.of(statement), null, null, Map.of());
    Descriptor index = registry.index(REPO, List.of(
        new Descriptor(image.mediaType(), image.digest(), image.size(), null, Map.of(),
            new Platform("linux", "amd64"), null),
        new Descriptor(attestation.mediaType(), attestation.digest(), attestation.size(), null,
            Map.of("vnd.docker.reference.type", "attestation-manifest",
                "vnd.docker.reference.digest", image.digest().toString()),
            new Platform("unknown", "unknown"), null)), "1.19.2");

    List<ProvenanceRecord> records = recorder.record(REPO, index.digest());
    List<ProvenanceRecord> aboutImage = records.stream().filter(r -> r.subject().equals(image.digest())).toList();
    assertEquals(3, aboutImage.size(), aboutImage.toString());
    ProvenanceRecord debian = aboutImage.stream().filter(r -> r.sourceName().contains("debian")).findFirst()
        .orElseThrow();
    assertEquals(ProvenanceRecord.Relation.MATERIAL, debian.relation());
    assertEquals(ProvenanceRecord.Origin.ATTESTATION, debian.origin());
    assertEquals("sha256:b0d6f2ba6b1a1a3c0b6fbd7e2e36c4a0b8bd7f7e8c0e3c7f3e0f8c1b8d3a2e1f", debian.source().toString());
    assertEquals(attestation.digest(), debian.evidence());
    ProvenanceRecord git = aboutImage.stream().filter(r -> r.source() == null).findFirst().orElseThrow();
    assertTrue(git.sourceName().startsWith("https://github.com/samtools/samtools-container.git"), git.sourceName());
    assertTrue(git.sourceName().endsWith("#3f8a1c2b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"), git.sourceName());
  }

  @Test
  void arcaSifStatementPushedAsReferrer_recordsConvertedFromForTheSif() throws IOException {
    Descriptor image = labelledImage(registry, Digest.sha256("debian".getBytes()), "1.19.2");
    Descriptor sifFile = registry.blob("application/vnd.sylabs.sif.layer.v1.sif", new byte[] {0x23, 0x21});
    Descriptor sifConfig = registry.blob("application/vnd.sylabs.sif.config.v1+json", "{}");
    Descriptor sif = registry.image(REPO, sifConfig, List.of(sifFile), image, null, Map.of());
    InTotoStatement statement = DerivationStatements.sifConversion(new DerivationStatements.SifConversion(REPO,
        image.digest(), "arca.example.org/" + REPO + "@" + image.digest(), sifFile.digest(), "samtools.sif", "0.3.1",
        "https://arca.example.org/converter", NOW, NOW));
    ReferrerArtifact artifact = ReferrerArtifact.of(statement, sif, NOW.toString());
    registry.blob(MediaTypes.OCI_EMPTY, "{}");
    registry.blob(ReferrerArtifact.LAYER_MEDIA_TYPE, artifact.statement());
    Descriptor carrier = registry.manifest(REPO, ReferrerArtifact.MANIFEST_MEDIA_TYPE, artifact.manifest());

    // the event for the statement's manifest records provenance for its subject, the SIF
    List<ProvenanceRecord> records = recorder.record(REPO, carrier.digest());
    ProvenanceRecord converted = records.stream()
        .filter(r -> r.relation() == ProvenanceRecord.Relation.CONVERTED_FROM).findFirst().orElseThrow();
    assertEquals(sif.digest(), converted.subject());
    assertEquals(image.digest(), converted.source());
    assertEquals(ProvenanceRecord.Origin.ARCA, converted.origin());
    assertEquals(carrier.digest(), converted.evidence());

    ProvenanceGraph graph = new ProvenanceGraph(store);
    assertEquals(List.of(sif.digest()), graph.descendants(image.digest(), 5).stream()
        .map(e -> e.record().subject()).toList());
  }

  @Test
  void recordingTwice_addsNothing() throws IOException {
    Descriptor image = labelledImage(registry, Digest.sha256("debian".getBytes()));
    recorder.record(REPO, image.digest());
    recorder.record(REPO, image.digest());
    assertEquals(1, store.all().size());
    assertNull(store.all().get(0).evidence());
  }
}
