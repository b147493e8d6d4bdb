package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.arca.core.image.OciJson;

/**
 * Reads one attestation blob by the media type of the layer that holds it: a plain in-toto statement, a DSSE
 * envelope, or a Sigstore bundle. Anything else is not an attestation ({@link Optional#empty()}).
 */
public final class AttestationReader {

  private AttestationReader() {}

  public static Optional<Attestation> read(String mediaType, byte[] content, Map<String, String> annotations) {
    if (SigstoreBundle.isBundle(mediaType)) {
      return Optional.of(SigstoreBundle.read(content));
    }
    if (InTotoStatement.MEDIA_TYPE.equals(mediaType) || DsseEnvelope.MEDIA_TYPE.equals(mediaType)) {
      JsonNode root;
      try {
        root = OciJson.MAPPER.readTree(content);
      } catch (IOException e) {
        throw new AttestationException("attestation of type " + mediaType + " is not JSON", e);
      }
      InTotoStatement statement = DsseEnvelope.looksLikeEnvelope(root) ? DsseEnvelope.from(root).statement()
          : InTotoStatement.from(root);
      return Optional.of(Attestation.of(statement, null));
    }
    return Optional.empty();
  }
}
