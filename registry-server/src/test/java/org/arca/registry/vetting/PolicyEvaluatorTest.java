package org.arca.registry.vetting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.image.OciJson;
import org.junit.jupiter.api.Test;

/** The policy rules on their own: severities and the allowlist, licences, signatures and the evidence's age. */
class PolicyEvaluatorTest {
  private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
  private static final Digest SBOM = Digest.sha256(new byte[] {1});
  private static final Digest SCAN = Digest.sha256(new byte[] {2});
  private static final Digest SIGNATURE = Digest.sha256(new byte[] {3});

  private static Evidence evidence(List<Evidence.Finding> findings, Instant scanned, List<Digest> signatures,
      List<String> sbomLicenses) {
    return new Evidence(List.of(new Evidence.Sbom(SBOM, "CycloneDX", scanned, sbomLicenses)),
        List.of(new Evidence.Scan(SCAN, scanned, findings)), signatures, List.of(), List.of());
  }

  private static Evidence.Finding finding(String id, Severity severity) {
    return new Evidence.Finding(id, severity, "debian 12");
  }

  @Test
  void noEvidence_unscannedMeansNotVetted_evenWithoutSbomRequirement() {
    VettingPolicy lenient = new VettingPolicy(false, Severity.CRITICAL, Set.of(), false, Set.of(), null, true);
    PolicyEvaluator.Evaluation evaluation = PolicyEvaluator.evaluate(lenient,
        new Evidence(List.of(), List.of(), List.of(), List.of(), List.of()), NOW);
    assertEquals(1, evaluation.unmet().size());
    assertTrue(evaluation.unmet().get(0).contains("unscanned means not vetted"));
  }

  @Test
  void findingAboveMaximum_unmetUnlessAllowlisted() {
    Evidence scanned = evidence(List.of(finding("CVE-1", Severity.LOW), finding("CVE-2", Severity.CRITICAL),
        finding("CVE-3", Severity.HIGH)), NOW, List.of(), List.of());
    VettingPolicy policy = VettingPolicy.DEFAULT;
    List<String> unmet = PolicyEvaluator.evaluate(policy, scanned, NOW).unmet();
    assertEquals(1, unmet.size());
    assertTrue(unmet.get(0).contains("CVE-2 (critical)") && !unmet.get(0).contains("CVE-3"), unmet::toString);

    VettingPolicy allowing = new VettingPolicy(true, Severity.HIGH, Set.of("CVE-2"), false, Set.of(), null, false);
    PolicyEvaluator.Evaluation met = PolicyEvaluator.evaluate(allowing, scanned, NOW);
    assertTrue(met.met(), met.unmet()::toString);
    assertEquals(List.of(SBOM, SCAN), met.evidence());

    VettingPolicy none = new VettingPolicy(true, Severity.NONE, Set.of(), false, Set.of(), null, false);
    assertTrue(PolicyEvaluator.evaluate(none, scanned, NOW).unmet().get(0).contains("3 vulnerabilities"));
  }

  @Test
  void evidenceOlderThanMaximumAge_unmet() {
    VettingPolicy policy = new VettingPolicy(true, Severity.HIGH, Set.of(), false, Set.of(), Duration.ofDays(30),
        false);
    assertTrue(PolicyEvaluator.evaluate(policy, evidence(List.of(), NOW.minus(Duration.ofDays(29)), List.of(),
        List.of()), NOW).met());
    List<String> unmet = PolicyEvaluator.evaluate(policy, evidence(List.of(), NOW.minus(Duration.ofDays(31)),
        List.of(), List.of()), NOW).unmet();
    assertEquals(2, unmet.size(), unmet::toString);
    assertTrue(unmet.get(0).startsWith("the newest SBOM") && unmet.get(1).startsWith("the newest scan report"));
  }

  @Test
  void signatureAndLicences_checkedWhenRequired() {
    VettingPolicy policy = new VettingPolicy(true, Severity.HIGH, Set.of(), true, Set.of("MIT", "Apache-2.0"), null,
        false);
    List<String> unmet = PolicyEvaluator.evaluate(policy, evidence(List.of(), NOW, List.of(), List.of("MIT",
        "GPL-3.0-only")), NOW).unmet();
    assertEquals(2, unmet.size(), unmet::toString);
    assertTrue(unmet.get(0).startsWith("no signature"));
    assertEquals("licences not on the allowed list: GPL-3.0-only", unmet.get(1));
    assertTrue(PolicyEvaluator.evaluate(policy, evidence(List.of(), NOW, List.of(SIGNATURE), List.of("MIT")), NOW)
        .met());
    assertTrue(PolicyEvaluator.evaluate(policy, evidence(List.of(), NOW, List.of(SIGNATURE), List.of()), NOW)
        .unmet().get(0).startsWith("no licence is stated"));
  }

  @Test
  void spdxExpression_namesItsLicencesWithoutOperatorsOrExceptions() {
    assertEquals(List.of("GPL-2.0-or-later", "MIT", "Apache-2.0"), EvidenceReader.expressionIds(
        "(GPL-2.0-or-later WITH Classpath-exception-2.0 OR MIT) AND Apache-2.0"));
    assertEquals(List.of(), EvidenceReader.expressionIds("NOASSERTION"));
  }

  @Test
  void policyDocument_roundTrips_andRejectsWhatItDoesNotKnow() throws Exception {
    VettingPolicy policy = VettingPolicy.parse(OciJson.MAPPER.readTree("{\"scan\":{\"maxSeverity\":\"medium\","
        + "\"allowedCves\":[\"CVE-2023-4911\"]},\"requireSignature\":true,\"maxEvidenceAge\":\"P30D\"}"));
    assertEquals(policy, VettingPolicy.parse(policy.toJson()), "what GET answers may be PUT back");
    assertEquals(Severity.MEDIUM, policy.maxSeverity());
    assertEquals(Duration.ofDays(30), policy.maxEvidenceAge());
    assertTrue(policy.requireSbom(), "a field left out takes the default");
    assertThrows(IllegalArgumentException.class, () -> VettingPolicy.parse(OciJson.MAPPER.readTree(
        "{\"maxEvidenceAge\":\"a month\"}")));
    assertThrows(IllegalArgumentException.class, () -> VettingPolicy.parse(OciJson.MAPPER.readTree(
        "{\"allowUnvettedInputs\":\"yes\"}")));
  }
}
