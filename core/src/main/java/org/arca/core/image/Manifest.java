package org.arca.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.RegistryException;

/**
 * A parsed image manifest or image index (OCI or Docker schema 2). It keeps what the registry needs to check and
 * index a push; the bytes themselves are stored exactly as the client sent them.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md">image manifest</a>
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md">image index</a>
 */
public record Manifest(
    String mediaType,
    Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Descriptor subject,
    String artifactType,
    Map<String, String> annotations) {

  public Manifest {
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /** Everything this manifest needs to be present: config and layers, or child manifests. */
  public List<Descriptor> references() {
    return List.copyOf(referencesByField().values());
  }

  /**
   * The same references keyed by where they stand in the document ({@code config}, {@code layers[0]} ...,
   * {@code manifests[0]} ...), in document order, so that a refusal can name the descriptor at fault.
   */
  public Map<String, Descriptor> referencesByField() {
    Map<String, Descriptor> all = new LinkedHashMap<>();
    if (isIndex()) {
      for (int i = 0; i < manifests.size(); i++) {
        all.put("manifests[" + i + "]", manifests.get(i));
      }
      return all;
    }
    all.put("config", config);
    for (int i = 0; i < layers.size(); i++) {
      all.put("layers[" + i + "]", layers.get(i));
    }
    return all;
  }

  /**
   * The artifact type a referrers response lists for this manifest: its {@code artifactType}, else for an image
   * manifest its config's media type, else none.
   */
  public String referrerArtifactType() {
    if (artifactType != null && !artifactType.isEmpty()) {
      return artifactType;
    }
    return isIndex() ? null : config.mediaType();
  }

  /**
   * Parses manifest bytes pushed with {@code contentType} (which may be null or carry parameters). The media type is
   * the document's {@code mediaType} field or else the content type; when both are given they must agree.
   */
  public static Manifest parse(byte[] bytes, String contentType) {
    ObjectNode root = OciJson.readObject(bytes, OciError.MANIFEST_INVALID, "manifest");
    String declared = OciJson.optionalString(root, "mediaType", "manifest");
    String header = MediaTypes.withoutParameters(contentType);
    if (header != null && header.isEmpty()) {
      header = null;
    }
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion != null && schemaVersion.isInt() && schemaVersion.intValue() == 1
        || MediaTypes.DOCKER_SCHEMA1.equals(header) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(header)) {
      throw new RegistryException(OciError.MANIFEST_INVALID,
          "Docker schema 1 manifests are not accepted; push with a current client, which writes schema 2 or OCI");
    }
    if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != 2) {
      throw OciJson.invalid("manifest: schemaVersion must be 2");
    }
    if ("application/json".equals(header)) {
      header = null; // generic JSON says nothing about which manifest this is, as in distribution
    }
    if (header != null && !MediaTypes.isManifest(header)) {
      throw OciJson.invalid("unsupported manifest Content-Type " + header + "; accepted: " + String.join(", ",
          MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST));
    }
    if (declared != null && header != null && !declared.equals(header)) {
      throw OciJson.invalid("manifest mediaType " + declared + " contradicts Content-Type " + header);
    }
    String mediaType;
    if (declared != null) {
      mediaType = declared;
    } else if (header != null) {
      mediaType = header;
    } else {
      // Neither says: the image spec allows an OCI manifest without mediaType; tell image from index by shape.
      mediaType = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    if (!MediaTypes.isManifest(mediaType)) {
      throw OciJson.invalid("unsupported manifest mediaType " + mediaType);
    }

    Descriptor subject = root.hasNonNull("subject") ? OciJson.descriptor(root.get("subject"), "subject") : null;
    String artifactType = OciJson.optionalString(root, "artifactType", "manifest");
    if (artifactType != null && !MediaTypes.isWellFormed(artifactType)) {
      throw OciJson.invalid("manifest artifactType " + artifactType + " is not a media type");
    }
    Map<String, String> annotations = OciJson.optionalStringMap(root, "annotations", "manifest");

    if (MediaTypes.isIndex(mediaType)) {
      if (root.has("config") || root.has("layers")) {
        throw OciJson.invalid("an image index has no config or layers");
      }
      List<Descriptor> manifests = descriptors(root, "manifests");
      return new Manifest(mediaType, null, List.of(), manifests, subject, artifactType, annotations);
    }
    if (root.has("manifests")) {
      throw OciJson.invalid("an image manifest has no manifests list; push it as " + MediaTypes.OCI_INDEX);
    }
    Descriptor config = OciJson.descriptor(root.get("config"), "config");
    if (MediaTypes.OCI_EMPTY.equals(config.mediaType()) && artifactType == null
        && MediaTypes.OCI_MANIFEST.equals(mediaType)) {
      throw OciJson.invalid("a manifest whose config is the empty descriptor must set artifactType");
    }
    List<Descriptor> layers = descriptors(root, "layers");
    return new Manifest(mediaType, config, layers, List.of(), subject, artifactType, annotations);
  }

  /**
   * Parses a manifest a client pushes, which must also be JSON as every client reads it: UTF-8 without a byte-order
   * mark (RFC 8259 section 8.1). Jackson skips a mark, but Go's decoder (skopeo, containerd, Docker) refuses the
   * document, so a manifest stored with one could be pushed but never pulled.
   */
  public static Manifest parsePushed(byte[] bytes, String contentType) {
    OciJson.refuseByteOrderMark(bytes, "manifest");
    return parse(bytes, contentType);
  }

  private static List<Descriptor> descriptors(ObjectNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !(node instanceof ArrayNode array)) {
      throw OciJson.invalid("manifest: " + field + " must be an array");
    }
    List<Descriptor> result = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      result.add(OciJson.descriptor(array.get(i), field + "[" + i + "]"));
    }
    return result;
  }
}
