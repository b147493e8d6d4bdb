package org.arca.preservation.attestation;

import java.util.Optional;

/**
 * One attestation as read: its statement, the provenance summary when the predicate is SLSA provenance, and the
 * signer when it was signed.
 */
public record Attestation(InTotoStatement statement, ProvenanceSummary provenance, Signer signer) {

  static Attestation of(InTotoStatement statement, Signer signer) {
    ProvenanceSummary summary = SlsaProvenance.supports(statement.predicateType())
        ? SlsaProvenance.summarize(statement).withSigner(signer) : null;
    return new Attestation(statement, summary, signer);
  }

  public Optional<ProvenanceSummary> provenanceIfAny() {
    return Optional.ofNullable(provenance);
  }
}
