package org.arca.preservation.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * What the registry knows about one image version, the input of {@link DraftMetadataBuilder}.
 *
 * @param tag the tag the record is about, or null
 * @param size total bytes of manifest, config and layers (of all platforms for an index)
 * @param pusher the account that pushed it, or null
 * @param labels the image config's labels (of the first platform for an index)
 * @param annotations the manifest's (or index's) annotations; they win over labels of the same key
 * @param platforms {@code os/arch[/variant]} of each image, one for a single-platform image
 * @param artifactType the manifest's artifact type, or null for a plain image
 * @param subject the image this artifact belongs to (e.g. a SIF's source image), or null
 * @param variants digests of SIFs converted from this image (found as its referrers)
 */
public record ImageFacts(
    RepositoryName repository,
    String tag,
    Digest digest,
    String mediaType,
    long size,
    Instant pushedAt,
    String pusher,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> platforms,
    String artifactType,
    Digest subject,
    List<Digest> variants) {

  public static final String TITLE = "org.opencontainers.image.title";
  public static final String DESCRIPTION = "org.opencontainers.image.description";
  public static final String AUTHORS = "org.opencontainers.image.authors";
  public static final String LICENSES = "org.opencontainers.image.licenses";
  public static final String VERSION = "org.opencontainers.image.version";
  public static final String SOURCE = "org.opencontainers.image.source";
  public static final String REVISION = "org.opencontainers.image.revision";
  public static final String CREATED = "org.opencontainers.image.created";
  public static final String URL = "org.opencontainers.image.url";
  public static final String DOCUMENTATION = "org.opencontainers.image.documentation";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";

  public ImageFacts {
    if (repository == null || digest == null) {
      throw new IllegalArgumentException("image facts need a repository and a digest");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /** The value of an {@code org.opencontainers.image.*} key: the annotation, else the label; blank counts as absent. */
  public Optional<String> property(String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      value = labels.get(key);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
