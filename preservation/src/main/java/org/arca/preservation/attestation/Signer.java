package org.arca.preservation.attestation;

/**
 * Who signed an attestation, as its certificate claims.
 *
 * @param identity the certificate's subject alternative name: an e-mail address or, for a CI workload, the workflow
 *     URI (e.g. {@code https://github.com/o/r/.github/workflows/release.yml@refs/tags/v1})
 * @param issuer the OIDC issuer that vouched for the identity (Fulcio's extension), or null
 * @param sourceRepository the source repository Fulcio recorded for a CI identity, or null
 * @param signatureVerified whether the signature checks out against the certificate's key. The certificate chain
 *     to a Fulcio root and the transparency log entry are <em>not</em> checked here, so the identity is a claim,
 *     not a verified fact
 */
public record Signer(String identity, String issuer, String sourceRepository, boolean signatureVerified) {}
