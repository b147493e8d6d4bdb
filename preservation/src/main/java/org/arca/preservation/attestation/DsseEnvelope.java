package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A DSSE envelope: a payload of a stated type and signatures over its pre-authentication encoding (PAE). Sigstore
 * bundles and {@code cosign attest} wrap in-toto Statements in one.
 *
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/envelope.md">DSSE envelope</a>
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<byte[]> signatures) {
  public static final String MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

  public DsseEnvelope {
    signatures = List.copyOf(signatures);
  }

  /** Whether {@code node} has the envelope's shape. */
  static boolean looksLikeEnvelope(JsonNode node) {
    return node.has("payloadType") && node.has("payload");
  }

  static DsseEnvelope from(JsonNode node) {
    try {
      byte[] payload = Base64.getDecoder().decode(node.path("payload").asText());
      List<byte[]> signatures = new ArrayList<>();
      for (JsonNode s : node.path("signatures")) {
        signatures.add(Base64.getDecoder().decode(s.path("sig").asText()));
      }
      return new DsseEnvelope(node.path("payloadType").asText(), payload, signatures);
    } catch (IllegalArgumentException e) {
      throw new AttestationException("DSSE envelope payload or signature is not base64", e);
    }
  }

  /** The statement inside, when the payload is an in-toto one. */
  public InTotoStatement statement() {
    if (!InTotoStatement.MEDIA_TYPE.equals(payloadType)) {
      throw new AttestationException("DSSE payload type is " + payloadType + ", not " + InTotoStatement.MEDIA_TYPE);
    }
    return InTotoStatement.parse(payload);
  }

  /** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body: the bytes that are signed. */
  public byte[] preAuthenticationEncoding() {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Whether any signature verifies against {@code key} (ECDSA P-256 with SHA-256, as Sigstore signs). */
  public boolean verifiedBy(PublicKey key) {
    return Signatures.anyVerifies(key, preAuthenticationEncoding(), signatures);
  }

  /** Checks signatures for the key algorithms Sigstore issues. */
  static final class Signatures {
    private Signatures() {}

    static boolean anyVerifies(PublicKey key, byte[] signed, List<byte[]> signatures) {
      String algorithm = switch (key.getAlgorithm()) {
        case "EC" -> "SHA256withECDSA";
        case "RSA" -> "SHA256withRSA";
        case "Ed25519", "EdDSA" -> "Ed25519";
        default -> null;
      };
      if (algorithm == null) {
        return false;
      }
      for (byte[] signature : signatures) {
        try {
          Signature verifier = Signature.getInstance(algorithm);
          verifier.initVerify(key);
          verifier.update(signed);
          if (verifier.verify(signature)) {
            return true;
          }
        } catch (GeneralSecurityException e) {
          // a malformed signature verifies nothing; try the next
        }
      }
      return false;
    }
  }
}
