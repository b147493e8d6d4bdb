package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.arca.core.image.OciJson;

/**
 * Reads a Sigstore bundle ({@code application/vnd.dev.sigstore.bundle.v0.3+json}, also v0.1 and v0.2): the DSSE
 * envelope with its in-toto statement, and the signer from the bundle's certificate (v0.3 {@code certificate}, or the
 * leaf of an older {@code x509CertificateChain}). A bundle signed with a bare public key has no signer identity.
 *
 * @see <a href="https://github.com/sigstore/protobuf-specs/blob/main/protos/sigstore_bundle.proto">Sigstore bundle</a>
 */
public final class SigstoreBundle {
  public static final String MEDIA_TYPE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

  private SigstoreBundle() {}

  /** Whether {@code mediaType} names a Sigstore bundle of any version. */
  public static boolean isBundle(String mediaType) {
    // v0.1 and v0.2 were spelled application/vnd.dev.sigstore.bundle+json;version=0.x
    String bare = org.arca.core.MediaTypes.withoutParameters(mediaType);
    return bare != null && bare.startsWith("application/vnd.dev.sigstore.bundle") && bare.endsWith("+json");
  }

  /** The statement in the bundle, summarised when it is SLSA provenance, with its signer. */
  public static Attestation read(byte[] json) {
    JsonNode root;
    try {
      root = OciJson.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AttestationException("Sigstore bundle is not JSON", e);
    }
    JsonNode envelopeNode = root.path("dsseEnvelope");
    if (envelopeNode.isMissingNode()) {
      throw new AttestationException("Sigstore bundle has no dsseEnvelope (a message signature attests no statement)");
    }
    DsseEnvelope envelope = DsseEnvelope.from(envelopeNode);
    InTotoStatement statement = envelope.statement();
    Signer signer = null;
    X509Certificate certificate = certificate(root.path("verificationMaterial"));
    if (certificate != null) {
      signer = Certificates.signer(certificate, envelope.verifiedBy(certificate.getPublicKey()));
    }
    return Attestation.of(statement, signer);
  }

  private static X509Certificate certificate(JsonNode material) {
    String raw = material.path("certificate").path("rawBytes").asText(null);
    if (raw == null) {
      JsonNode chain = material.path("x509CertificateChain").path("certificates");
      raw = chain.isArray() && !chain.isEmpty() ? chain.get(0).path("rawBytes").asText(null) : null;
    }
    if (raw == null) {
      return null;
    }
    try {
      return Certificates.fromDer(Base64.getDecoder().decode(raw));
    } catch (IllegalArgumentException e) {
      throw new AttestationException("Sigstore bundle certificate is not base64", e);
    }
  }
}
