package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;

/**
 * Reads cosign signatures: a simple signing payload ({@code application/vnd.dev.cosign.simplesigning.v1+json}) names
 * the signed manifest digest; the layer's annotations carry the signature and, for keyless signing, the Fulcio
 * certificate whose identity is the signer.
 *
 * @see <a href="https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md">cosign signature spec</a>
 */
public final class CosignSignatures {
  public static final String SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  public static final String CERTIFICATE_ANNOTATION = "dev.sigstore.cosign/certificate";

  /**
   * A signature claim over an image.
   *
   * @param dockerReference the reference the signer named (critical.identity.docker-reference)
   * @param manifestDigest the signed digest (critical.image.docker-manifest-digest)
   * @param optional the free-form claims cosign users add with {@code -a key=value}
   * @param signer the signer from the certificate, or null when signed with a bare key
   */
  public record SimpleSigning(String dockerReference, String manifestDigest, String type, Map<String, String> optional,
      Signer signer) {}

  private CosignSignatures() {}

  /** Reads a simple signing layer's payload with the annotations of its layer descriptor. */
  public static SimpleSigning read(byte[] payload, Map<String, String> layerAnnotations) {
    JsonNode root;
    try {
      root = OciJson.MAPPER.readTree(payload);
    } catch (IOException e) {
      throw new AttestationException("cosign simple signing payload is not JSON", e);
    }
    JsonNode critical = root.path("critical");
    String digest = critical.path("image").path("docker-manifest-digest").asText(null);
    if (digest == null) {
      throw new AttestationException("cosign simple signing payload names no critical.image.docker-manifest-digest");
    }
    Map<String, String> optional = new java.util.LinkedHashMap<>();
    root.path("optional").fields().forEachRemaining(e -> optional.put(e.getKey(), e.getValue().asText()));
    Signer signer = null;
    String pem = layerAnnotations.get(CERTIFICATE_ANNOTATION);
    if (pem != null && !pem.isBlank()) {
      X509Certificate certificate = Certificates.fromPem(pem);
      boolean verified = false;
      String signature = layerAnnotations.get(SIGNATURE_ANNOTATION);
      if (signature != null) {
        try {
          verified = DsseEnvelope.Signatures.anyVerifies(certificate.getPublicKey(), payload,
              List.of(Base64.getDecoder().decode(signature)));
        } catch (IllegalArgumentException e) {
          verified = false;
        }
      }
      signer = Certificates.signer(certificate, verified);
    }
    return new SimpleSigning(critical.path("identity").path("docker-reference").asText(null), digest,
        critical.path("type").asText(null), optional, signer);
  }
}
