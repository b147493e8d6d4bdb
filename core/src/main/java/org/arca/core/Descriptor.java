package org.arca.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A content descriptor: what a manifest says about a piece of content it references.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md">descriptor</a>
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    String artifactType,
    Map<String, String> annotations,
    Platform platform,
    List<String> urls) {

  public Descriptor {
    if (!MediaTypes.isWellFormed(mediaType)) {
      throw new RegistryException(OciError.MANIFEST_INVALID,
          "invalid descriptor media type " + (mediaType == null ? "(none)" : Digest.shorten(mediaType)));
    }
    if (digest == null) {
      throw new RegistryException(OciError.MANIFEST_INVALID, "descriptor without digest");
    }
    if (size < 0) {
      throw new RegistryException(OciError.MANIFEST_INVALID, "descriptor of " + digest + " has negative size " + size);
    }
    annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    urls = urls == null ? List.of() : List.copyOf(urls);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null, null, null);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, artifactType, newAnnotations, platform, urls);
  }
}
