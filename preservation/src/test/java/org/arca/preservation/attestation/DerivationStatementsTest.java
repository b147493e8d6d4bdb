package org.arca.preservation.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.preservation.SampleRecords;
import org.junit.jupiter.api.Test;

class DerivationStatementsTest {
  private static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-03-14T10:02:30Z");

  private static DerivationStatements.SifConversion conversion() {
    return new DerivationStatements.SifConversion(RepositoryName.parse("biocontainers/samtools"),
        SampleRecords.DIGEST, "arca.example.org/biocontainers/samtools@" + SampleRecords.DIGEST,
        SampleRecords.SIF_DIGEST, "samtools_1.19.2.sif", "0.3.1", "https://arca.example.org/converter", T0, T1);
  }

  @Test
  void sifConversion_isStatementV1WithSlsaV1PredicateNamingSourceConverterAndTime() throws Exception {
    InTotoStatement statement = DerivationStatements.sifConversion(conversion());
    JsonNode json = OciJson.MAPPER.readTree(statement.toJson());
    assertEquals("https://in-toto.io/Statement/v1", json.get("_type").asText());
    assertEquals("https://slsa.dev/provenance/v1", json.get("predicateType").asText());
    assertEquals(SampleRecords.SIF_DIGEST.hex(), json.get("subject").get(0).get("digest").get("sha256").asText());
    assertEquals("samtools_1.19.2.sif", json.get("subject").get(0).get("name").asText());
    JsonNode definition = json.get("predicate").get("buildDefinition");
    assertEquals(DerivationStatements.SIF_CONVERSION, definition.get("buildType").asText());
    assertEquals(SampleRecords.DIGEST.hex(),
        definition.get("resolvedDependencies").get(0).get("digest").get("sha256").asText());
    JsonNode run = json.get("predicate").get("runDetails");
    assertEquals("0.3.1", run.get("builder").get("version").get(Actors.CONVERTER).asText());
    assertEquals("2026-03-14T10:00:00Z", run.get("metadata").get("startedOn").asText());
  }

  @Test
  void writtenStatement_readsBackThroughTheParser() {
    ProvenanceSummary s = SlsaProvenance.summarize(
        InTotoStatement.parse(DerivationStatements.sifConversion(conversion()).toJson()));
    assertEquals("https://arca.example.org/converter", s.builderId());
    assertEquals(1, s.baseImages().size());
    assertEquals("oci://arca.example.org/biocontainers/samtools@" + SampleRecords.DIGEST, s.baseImages().get(0).uri());
  }

  @Test
  void composition_listsEveryLayerWithItsSourceImage() throws Exception {
    Descriptor l1 = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {1}), 100);
    Descriptor l2 = new Descriptor(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(new byte[] {2}), 200);
    InTotoStatement statement = DerivationStatements.composition(new DerivationStatements.Composition(
        RepositoryName.parse("lab/composed"), SampleRecords.DIGEST, List.of(l1, l2),
        List.of("arca.example.org/vetted/base@" + SampleRecords.BASE_DIGEST,
            "arca.example.org/vetted/r@" + SampleRecords.SIF_DIGEST),
        Map.of("entrypoint", "/usr/bin/R"), "0.1.0", "https://arca.example.org/composer", T0, T1));
    JsonNode definition = OciJson.MAPPER.readTree(statement.toJson()).get("predicate").get("buildDefinition");
    assertEquals(DerivationStatements.COMPOSITION, definition.get("buildType").asText());
    assertEquals(2, definition.get("resolvedDependencies").size());
    assertEquals(l2.digest().hex(), definition.get("resolvedDependencies").get(1).get("digest").get("sha256").asText());
    assertEquals(l1.digest().toString(), definition.get("externalParameters").get("layers").get(0).asText());
  }

  @Test
  void referrerArtifact_isValidOciArtifactManifestWithSubjectAndStatementLayer() {
    InTotoStatement statement = DerivationStatements.sifConversion(conversion());
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, SampleRecords.SIF_DIGEST, 512);
    ReferrerArtifact artifact = ReferrerArtifact.of(statement, subject, "2026-03-14T10:02:30Z");
    Manifest manifest = Manifest.parse(artifact.manifest(), MediaTypes.OCI_MANIFEST);
    assertEquals("application/vnd.in-toto+json", manifest.artifactType());
    assertEquals(MediaTypes.OCI_EMPTY, manifest.config().mediaType());
    assertEquals(SampleRecords.SIF_DIGEST, manifest.subject().digest());
    assertEquals(artifact.statementLayer(), manifest.layers().get(0));
    assertEquals(Digest.sha256(artifact.statement()), manifest.layers().get(0).digest());
    assertEquals("https://slsa.dev/provenance/v1", manifest.layers().get(0).annotations()
        .get("in-toto.io/predicate-type"));
    assertEquals(Digest.sha256(artifact.manifest()), artifact.manifestDigest());
    assertTrue(AttestationReader.read(ReferrerArtifact.LAYER_MEDIA_TYPE, artifact.statement(), Map.of()).isPresent());
  }
}
