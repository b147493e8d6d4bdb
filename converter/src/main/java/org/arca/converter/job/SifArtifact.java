package org.arca.converter.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.arca.core.AnnotationKeys;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.converter.SifConverter;

/**
 * The OCI artifact a SIF is stored as, exactly the shape {@code apptainer push oras://} writes (config of type
 * {@code application/vnd.sylabs.sif.config.v1+json} with content {@code {}}, one SIF layer titled with a file name),
 * plus a {@code subject} pointing at the image it was converted from. Everything in it derives from the source and
 * the converter version, so the same source always gives the same artifact digest.
 *
 * @see <a href="../../../../../../../docs/sif-format.md">docs/sif-format.md</a>
 */
public final class SifArtifact {
  public static final String TITLE = "org.opencontainers.image.title";
  public static final String CREATED = "org.opencontainers.image.created";

  private SifArtifact() {}

  /** The config blob: {@code {}}, as Apptainer writes it. */
  public static byte[] config() {
    return MediaTypes.EMPTY_JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The SIF's file name: the repository's last component and the source digest's first 12 hex digits. */
  public static String fileName(RepositoryName repository, Digest source) {
    var components = repository.components();
    return components.get(components.size() - 1) + "_" + source.shortHex() + ".sif";
  }

  /**
   * The artifact manifest for a SIF converted from {@code subject} in {@code repository}.
   *
   * @param created the source image's creation time (RFC 3339), or null
   */
  public static byte[] manifest(RepositoryName repository, Descriptor subject, Digest sif, long sifSize,
      String created) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.set("config", OciJson.write(new Descriptor(MediaTypes.SIF_CONFIG, MediaTypes.EMPTY_JSON_DIGEST,
        config().length)));
    ArrayNode layers = root.putArray("layers");
    layers.add(OciJson.write(new Descriptor(MediaTypes.SIF_LAYER, sif, sifSize, null,
        Map.of(TITLE, fileName(repository, subject.digest())), null, null)));
    root.set("subject", OciJson.write(new Descriptor(subject.mediaType(), subject.digest(), subject.size())));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (created != null) {
      annotations.put(CREATED, created);
    }
    annotations.put(AnnotationKeys.CONVERTER_VERSION, SifConverter.VERSION);
    ObjectNode a = root.putObject("annotations");
    annotations.forEach(a::put);
    return OciJson.bytes(root);
  }

  /** The SIF file an artifact manifest holds: its one {@code application/vnd.sylabs.sif.layer.v1.sif} layer. */
  public static Optional<Descriptor> sifFile(Manifest artifact) {
    return artifact.layers().stream().filter(l -> MediaTypes.SIF_LAYER.equals(l.mediaType())).findFirst();
  }
}
