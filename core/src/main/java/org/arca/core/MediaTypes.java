package org.arca.core;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Media types of the OCI image spec and of Docker's image format that the registry recognises. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
  public static final String OCI_LAYER_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
  public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD =
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  public static final String DOCKER_LAYER_FOREIGN = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

  /** An in-toto Statement (attestations, provenance), as a layer or artifact type. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";
  /** A SIF stored the way {@code apptainer push oras://} stores it: this config type and one layer of the next. */
  public static final String SIF_CONFIG = "application/vnd.sylabs.sif.config.v1+json";
  public static final String SIF_LAYER = "application/vnd.sylabs.sif.layer.v1.sif";

  /** The content of the empty descriptor, {@code {}}, and its digest. */
  public static final String EMPTY_JSON = "{}";
  public static final Digest EMPTY_JSON_DIGEST =
      Digest.parse("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");

  /** The manifest media types this registry stores. */
  public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
  private static final Set<String> NON_DISTRIBUTABLE = Set.of(OCI_LAYER_NONDISTRIBUTABLE,
      OCI_LAYER_NONDISTRIBUTABLE_GZIP, OCI_LAYER_NONDISTRIBUTABLE_ZSTD, DOCKER_LAYER_FOREIGN);
  /** RFC 6838 section 4.2: type "/" subtype, restricted names; a suffix such as {@code +json} fits the subtype rule. */
  private static final Pattern RFC6838 = Pattern.compile(
      "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private MediaTypes() {}

  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(mediaType);
  }

  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  /** Layers a registry need not hold (the spec lets a manifest reference them without the blob being pushed). */
  public static boolean isNonDistributable(String mediaType) {
    return NON_DISTRIBUTABLE.contains(mediaType);
  }

  /** Whether {@code mediaType} is well formed as RFC 6838 section 4.2 asks. */
  public static boolean isWellFormed(String mediaType) {
    return mediaType != null && RFC6838.matcher(mediaType).matches();
  }

  /** The media type of a {@code Content-Type} or {@code Accept} entry without parameters, lower-cased. */
  public static String withoutParameters(String headerValue) {
    if (headerValue == null) {
      return null;
    }
    int semicolon = headerValue.indexOf(';');
    String bare = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
    return bare.trim().toLowerCase(Locale.ROOT);
  }
}
