package org.arca.preservation.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.arca.preservation.SampleRecords;
import org.junit.jupiter.api.Test;

class AttestationParsingTest {

  @Test
  void buildKitSlsaV02_yieldsBuilderSourceCommitMaterialsAndParameters() {
    InTotoStatement statement = InTotoStatement.parse(Fixtures.resource("buildkit-slsa-v0.2.json"));
    assertEquals(InTotoStatement.TYPE_V01, statement.type());
    assertEquals(SampleRecords.DIGEST, statement.subjects().get(0).sha256().orElseThrow());
    ProvenanceSummary s = SlsaProvenance.summarize(statement);
    assertEquals(SlsaProvenance.V02, s.predicateType());
    assertEquals("https://github.com/samtools/samtools-container/actions/runs/8213390611", s.builderId());
    assertEquals("https://mobyproject.org/buildkit@v1", s.buildType());
    assertEquals("https://github.com/samtools/samtools-container", s.sourceRepository());
    assertEquals("3f8a1c2b9d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a", s.sourceCommit());
    assertEquals("Dockerfile", s.entryPoint());
    assertEquals(3, s.materials().size());
    assertEquals(List.of("pkg:docker/docker/dockerfile@1.6", "pkg:docker/debian@12-slim?platform=linux%2Famd64"),
        s.baseImages().stream().map(Material::uri).toList());
    assertEquals(SampleRecords.BASE_DIGEST.hex(), s.baseImages().get(1).digest().get("sha256"));
    assertEquals("1.19.2", s.parameters().path("args").path("build-arg:SAMTOOLS_VERSION").asText());
    assertEquals("ujcf4r9vx2qk1m0w3z8d7e6t5", s.invocationId());
    assertEquals("2026-03-13T22:04:11.482913Z", s.startedOn());
    assertNull(s.signer());
  }

  @Test
  void githubActionsSlsaV1_yieldsWorkflowSourceAndResolvedDependency() {
    ProvenanceSummary s = SlsaProvenance.summarize(
        InTotoStatement.parse(Fixtures.resource("github-actions-slsa-v1.json")));
    assertEquals(SlsaProvenance.V1, s.predicateType());
    assertEquals("https://github.com/actions/runner/github-hosted", s.builderId());
    assertEquals("https://actions.github.io/buildtypes/workflow/v1", s.buildType());
    assertEquals("https://github.com/octo-org/octo-repo", s.sourceRepository());
    assertEquals("7e1c4b5f0d2a9c8b3e6f1a4d7c0b9e2f5a8d1c4b", s.sourceCommit());
    assertEquals(".github/workflows/release.yml", s.entryPoint());
    assertEquals("refs/tags/v1.4.0", s.parameters().path("workflow").path("ref").asText());
    assertEquals("https://github.com/octo-org/octo-repo/actions/runs/11928372651/attempts/1", s.invocationId());
    assertTrue(s.baseImages().isEmpty());
  }

  @Test
  void sigstoreBundleV03_yieldsStatementAndVerifiedSignerIdentity() {
    Attestation a = AttestationReader.read(SigstoreBundle.MEDIA_TYPE_V03,
        Fixtures.bundle(Fixtures.resource("github-actions-slsa-v1.json"), false), Map.of()).orElseThrow();
    Signer signer = a.signer();
    assertEquals(Fixtures.WORKFLOW_IDENTITY, signer.identity());
    assertEquals(Fixtures.GITHUB_ISSUER, signer.issuer());
    assertEquals("https://github.com/octo-org/octo-repo", signer.sourceRepository());
    assertTrue(signer.signatureVerified());
    assertEquals(signer, a.provenance().signer());
    assertEquals("https://github.com/octo-org/octo-repo", a.provenance().sourceRepository());
  }

  @Test
  void olderBundleMediaTypeWithVersionParameter_isRecognised() {
    assertTrue(SigstoreBundle.isBundle("application/vnd.dev.sigstore.bundle+json;version=0.1"));
    assertTrue(AttestationReader.read("application/vnd.dev.sigstore.bundle+json;version=0.2",
        Fixtures.bundle(Fixtures.resource("github-actions-slsa-v1.json"), false), Map.of()).isPresent());
  }

  @Test
  void sigstoreBundleWithAlteredPayload_isReadButNotVerified() {
    Attestation a = AttestationReader.read(SigstoreBundle.MEDIA_TYPE_V03,
        Fixtures.bundle(Fixtures.resource("github-actions-slsa-v1.json"), true), Map.of()).orElseThrow();
    assertFalse(a.signer().signatureVerified());
    assertEquals(Fixtures.WORKFLOW_IDENTITY, a.signer().identity());
  }

  @Test
  void dsseEnvelopeLayer_isUnwrappedToItsStatement() {
    byte[] statement = Fixtures.resource("buildkit-slsa-v0.2.json");
    String envelope = "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\""
        + Base64.getEncoder().encodeToString(statement) + "\",\"signatures\":[{\"keyid\":\"\",\"sig\":\"MEUC\"}]}";
    Attestation a = AttestationReader.read(DsseEnvelope.MEDIA_TYPE, envelope.getBytes(StandardCharsets.UTF_8),
        Map.of()).orElseThrow();
    assertEquals("https://github.com/samtools/samtools-container", a.provenance().sourceRepository());
  }

  @Test
  void cosignSimpleSigning_yieldsSignedDigestAndVerifiedKeylessSigner() {
    byte[] payload = Fixtures.resource("cosign-simplesigning.json");
    String signature = Base64.getEncoder().encodeToString(Fixtures.sign(Fixtures.signer().getPrivateKey(), payload));
    CosignSignatures.SimpleSigning s = CosignSignatures.read(payload, Map.of(
        CosignSignatures.SIGNATURE_ANNOTATION, signature,
        CosignSignatures.CERTIFICATE_ANNOTATION, Fixtures.certificatePem()));
    assertEquals(SampleRecords.DIGEST.toString(), s.manifestDigest());
    assertEquals("arca.example.org/biocontainers/samtools", s.dockerReference());
    assertEquals("cosign container image signature", s.type());
    assertEquals("11928372651", s.optional().get("run"));
    assertEquals(Fixtures.WORKFLOW_IDENTITY, s.signer().identity());
    assertEquals(Fixtures.GITHUB_ISSUER, s.signer().issuer());
    assertTrue(s.signer().signatureVerified());
  }

  @Test
  void cosignSimpleSigning_withWrongSignature_isNotVerified() {
    byte[] payload = Fixtures.resource("cosign-simplesigning.json");
    String signature = Base64.getEncoder().encodeToString(Fixtures.sign(Fixtures.signer().getPrivateKey(),
        "something else".getBytes(StandardCharsets.UTF_8)));
    CosignSignatures.SimpleSigning s = CosignSignatures.read(payload, Map.of(
        CosignSignatures.SIGNATURE_ANNOTATION, signature,
        CosignSignatures.CERTIFICATE_ANNOTATION, Fixtures.certificatePem()));
    assertFalse(s.signer().signatureVerified());
  }

  @Test
  void notAStatement_isRejectedWithReason() {
    AttestationException e = assertThrows(AttestationException.class,
        () -> InTotoStatement.parse("{\"_type\":\"something\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("_type"));
    assertTrue(AttestationReader.read("application/octet-stream", new byte[0], Map.of()).isEmpty());
  }

  @Test
  void repositoryOf_normalisesGitUris() {
    assertEquals("https://github.com/o/r", SlsaProvenance.repositoryOf("git+https://github.com/o/r@refs/heads/main"));
    assertEquals("https://github.com/o/r", SlsaProvenance.repositoryOf("https://github.com/o/r.git#v1"));
    assertEquals("https://user@host/o/r", SlsaProvenance.repositoryOf("https://user@host/o/r"));
  }
}
