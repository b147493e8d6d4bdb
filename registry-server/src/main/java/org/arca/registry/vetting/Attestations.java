package org.arca.registry.vetting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryWriter;
import org.arca.core.registry.StoredManifest;

/**
 * Stores each vetting decision as a signed attestation referrer of the image: an in-toto Statement v1 with predicate
 * type {@value #PREDICATE_TYPE}, in a DSSE envelope signed with {@link AttestationKey}, pushed as an OCI artifact
 * (artifact type {@value #ENVELOPE}, config {@code application/vnd.oci.empty.v1+json}, the envelope as its one layer)
 * whose {@code subject} is the image, so the referrers API, exports and any OCI client find it.
 *
 * @see <a href="https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md">in-toto Statement v1</a>
 * @see <a href="https://github.com/secure-systems-lab/dsse/blob/master/protocol.md">DSSE protocol</a>
 */
@Singleton
class Attestations {
  static final String PREDICATE_TYPE = "https://arca.dev/vetting/v1";
  static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  static final String ENVELOPE = "application/vnd.dsse.envelope.v1+json";
  static final String PREDICATE_ANNOTATION = "in-toto.io/predicate-type";

  private final AttestationKey key;
  private final RegistryWriter writer;

  Attestations(AttestationKey key, RegistryWriter writer) {
    this.key = key;
    this.writer = writer;
  }

  /** Signs {@code predicate} about {@code image} and stores it as a referrer; returns the artifact manifest digest. */
  Digest store(RepositoryName repository, StoredManifest image, JsonNode predicate) {
    ObjectNode statement = OciJson.MAPPER.createObjectNode();
    statement.put("_type", STATEMENT_TYPE);
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", repository.value());
    subject.putObject("digest").put(image.digest().algorithm(), image.digest().hex());
    statement.put("predicateType", PREDICATE_TYPE);
    statement.set("predicate", predicate);
    byte[] envelope = envelope(OciJson.bytes(statement));
    try {
      writer.pushBlob(repository, MediaTypes.EMPTY_JSON_DIGEST,
          new ByteArrayInputStream(MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8)));
      writer.pushBlob(repository, Digest.sha256(envelope), new ByteArrayInputStream(envelope));
    } catch (IOException e) {
      throw new UncheckedIOException("store the vetting attestation of " + repository + "@" + image.digest(), e);
    }
    ObjectNode manifest = OciJson.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("artifactType", ENVELOPE);
    manifest.set("config", OciJson.write(new Descriptor(MediaTypes.OCI_EMPTY, MediaTypes.EMPTY_JSON_DIGEST,
        MediaTypes.EMPTY_JSON.length())));
    manifest.putArray("layers").add(OciJson.write(new Descriptor(ENVELOPE, Digest.sha256(envelope), envelope.length,
        null, Map.of(PREDICATE_ANNOTATION, PREDICATE_TYPE), null, null)));
    manifest.set("subject", OciJson.write(new Descriptor(image.mediaType(), image.digest(), image.content().length)));
    manifest.putObject("annotations").put(PREDICATE_ANNOTATION, PREDICATE_TYPE);
    return writer.pushManifest(repository, null, OciJson.bytes(manifest), MediaTypes.OCI_MANIFEST, Actors.VETTING);
  }

  /** The DSSE envelope of {@code payload}, signed over its pre-authentication encoding. */
  byte[] envelope(byte[] payload) {
    ObjectNode envelope = OciJson.MAPPER.createObjectNode();
    envelope.put("payloadType", MediaTypes.IN_TOTO);
    envelope.put("payload", Base64.getEncoder().encodeToString(payload));
    envelope.putArray("signatures").addObject().put("keyid", key.keyId())
        .put("sig", Base64.getEncoder().encodeToString(key.sign(pae(MediaTypes.IN_TOTO, payload))));
    return OciJson.bytes(envelope);
  }

  /** DSSE's PAE: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths in ASCII decimal bytes. */
  static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
        .getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + payload.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(payload, 0, all, head.length, payload.length);
    return all;
  }
}
