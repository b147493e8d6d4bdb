/**
 * Attestations attached to images, read and written: in-toto Statements (v0.1 and v1) with SLSA provenance (v0.2
 * and v1), DSSE envelopes, BuildKit attestation manifests, cosign simple signing and Sigstore bundles; and the
 * in-toto Statements Arca writes about its own derivations (SIF conversions, compositions).
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto Statement v1</a>
 * @see <a href="https://slsa.dev/spec/v1.0/provenance">SLSA provenance v1</a>
 */
package org.arca.preservation.attestation;
