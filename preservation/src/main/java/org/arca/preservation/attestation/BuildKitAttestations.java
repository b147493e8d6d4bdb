package org.arca.preservation.attestation;

import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RegistryException;
import org.arca.core.image.Manifest;

/**
 * Finds BuildKit's attestations. BuildKit does not use the referrers API: it adds to the image index one manifest per
 * platform annotated {@code vnd.docker.reference.type: attestation-manifest} and
 * {@code vnd.docker.reference.digest: <image manifest digest>}, whose layers are in-toto statements
 * ({@code application/vnd.in-toto+json}, annotated {@code in-toto.io/predicate-type}).
 *
 * @see <a href="https://docs.docker.com/build/metadata/attestations/attestation-storage/">attestation storage</a>
 */
public final class BuildKitAttestations {
  public static final String REFERENCE_TYPE = "vnd.docker.reference.type";
  public static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
  public static final String ATTESTATION_MANIFEST = "attestation-manifest";
  public static final String PREDICATE_TYPE = "in-toto.io/predicate-type";

  /** An attestation manifest in an index and the image manifest it is about. */
  public record Link(Digest image, Descriptor attestationManifest) {}

  private BuildKitAttestations() {}

  /** The attestation manifests of an index with the images they attest. */
  public static List<Link> links(Manifest index) {
    if (!index.isIndex()) {
      return List.of();
    }
    return index.manifests().stream()
        .filter(d -> ATTESTATION_MANIFEST.equals(d.annotations().get(REFERENCE_TYPE)))
        .filter(d -> d.annotations().containsKey(REFERENCE_DIGEST))
        .map(d -> {
          try {
            return new Link(Digest.parse(d.annotations().get(REFERENCE_DIGEST)), d);
          } catch (RegistryException e) {
            return null;
          }
        })
        .filter(java.util.Objects::nonNull)
        .toList();
  }

  /** The in-toto statement layers of an attestation manifest (or of any artifact manifest carrying statements). */
  public static List<Descriptor> statementLayers(Manifest attestationManifest) {
    return attestationManifest.layers().stream()
        .filter(l -> InTotoStatement.MEDIA_TYPE.equals(l.mediaType())
            || DsseEnvelope.MEDIA_TYPE.equals(l.mediaType()))
        .toList();
  }
}
