package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;

/**
 * An in-toto statement packaged as an OCI artifact that refers to the image it is about, so the referrers API and
 * every export find it: an image manifest with {@code artifactType} {@value #ARTIFACT_TYPE}, the empty config, one
 * layer holding the statement (annotated with its predicate type, as BuildKit and cosign do) and a {@code subject}.
 * Push the statement blob and the empty config blob ({@code {}}) first, then the manifest.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md#guidelines-for-artifact-usage">
 *     artifact guidelines</a>
 */
public record ReferrerArtifact(byte[] manifest, Digest manifestDigest, byte[] statement, Descriptor statementLayer) {
  public static final String ARTIFACT_TYPE = InTotoStatement.MEDIA_TYPE;
  public static final String LAYER_MEDIA_TYPE = InTotoStatement.MEDIA_TYPE;
  public static final String MANIFEST_MEDIA_TYPE = MediaTypes.OCI_MANIFEST;
  public static final String PREDICATE_TYPE_ANNOTATION = BuildKitAttestations.PREDICATE_TYPE;

  /** Packages {@code statement} as a referrer of {@code subject}, created at {@code created} (RFC 3339). */
  public static ReferrerArtifact of(InTotoStatement statement, Descriptor subject, String created) {
    byte[] bytes = statement.toJson();
    Descriptor layer = new Descriptor(LAYER_MEDIA_TYPE, Digest.sha256(bytes), bytes.length, null,
        Map.of(PREDICATE_TYPE_ANNOTATION, statement.predicateType()), null, null);
    ObjectNode m = OciJson.MAPPER.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", MANIFEST_MEDIA_TYPE);
    m.put("artifactType", ARTIFACT_TYPE);
    m.set("config", OciJson.write(new Descriptor(MediaTypes.OCI_EMPTY, MediaTypes.EMPTY_JSON_DIGEST, 2)));
    m.putArray("layers").add(OciJson.write(layer));
    m.set("subject", OciJson.write(new Descriptor(subject.mediaType(), subject.digest(), subject.size())));
    m.putObject("annotations").put("org.opencontainers.image.created", created);
    byte[] manifest = OciJson.bytes(m);
    return new ReferrerArtifact(manifest, Digest.sha256(manifest), bytes, layer);
  }
}
