package org.arca.preservation.metadata;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageLabels;
import org.arca.core.registry.AccountProfiles.AccountProfile;

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
 * @param pusherProfile how the pusher's account wants to be credited, or null when unknown
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
    List<Digest> variants,
    AccountProfile pusherProfile) {

  public static final String TITLE = ImageLabels.TITLE;
  public static final String DESCRIPTION = ImageLabels.DESCRIPTION;
  public static final String AUTHORS = ImageLabels.AUTHORS;
  public static final String LICENSES = ImageLabels.LICENSES;
  public static final String VERSION = ImageLabels.VERSION;
  public static final String SOURCE = ImageLabels.SOURCE;
  public static final String REVISION = ImageLabels.REVISION;
  public static final String CREATED = ImageLabels.CREATED;
  public static final String URL = ImageLabels.URL;
  public static final String DOCUMENTATION = ImageLabels.DOCUMENTATION;
  public static final String BASE_NAME = ImageLabels.BASE_NAME;
  public static final String BASE_DIGEST = ImageLabels.BASE_DIGEST;

  public ImageFacts {
    if (repository == null || digest == null) {
      throw new IllegalArgumentException("image facts need a repository and a digest");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    platforms = platforms == null ? List.of() : List.copyOf(platforms);
    variants = variants == null ? List.of() : List.copyOf(variants);
  }

  /** Facts without the pusher's profile (an image pushed anonymously, or read where no accounts are known). */
  public ImageFacts(RepositoryName repository, String tag, Digest digest, String mediaType, long size,
      Instant pushedAt, String pusher, Map<String, String> labels, Map<String, String> annotations,
      List<String> platforms, String artifactType, Digest subject, List<Digest> variants) {
    this(repository, tag, digest, mediaType, size, pushedAt, pusher, labels, annotations, platforms, artifactType,
        subject, variants, null);
  }

  /** The value of an {@code org.opencontainers.image.*} key: the annotation, else the label; blank counts as absent. */
  public Optional<String> property(String key) {
    String value = annotations.get(key);
    if (value == null || value.isBlank()) {
      value = labels.get(key);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * The value of the first of {@code keys} that the image sets (see {@link ImageLabels}): for each key in turn the
   * annotation, else the label, whose key may differ in case, as recipes write them.
   *
   * @return the key found and its value
   */
  public Optional<Map.Entry<String, String>> first(List<String> keys) {
    for (String key : keys) {
      Optional<String> value = ImageLabels.value(annotations, key).or(() -> ImageLabels.value(labels, key));
      if (value.isPresent()) {
        return Optional.of(Map.entry(key, value.get()));
      }
    }
    return Optional.empty();
  }

  /** The value of the first of {@code keys} that the image sets, as {@link #first} finds it. */
  public Optional<String> firstValue(List<String> keys) {
    return first(keys).map(Map.Entry::getValue);
  }
}
