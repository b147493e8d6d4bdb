package org.arca.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.ImageLabels;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/**
 * What the image page shows of one image, read from the manifest and the image config exactly as {@code /v2/} serves
 * them: its platforms, layers with the build step that made each, labels and the tags pointing at it. An index shows
 * its first platform's layers and links to the others.
 */
record ImageDetails(
    RepositoryName repository,
    Digest digest,
    String mediaType,
    Instant pushedAt,
    String pushedBy,
    List<String> tags,
    List<PlatformLink> platforms,
    String platform,
    List<Step> steps,
    long size,
    Map<String, String> labels,
    String title,
    String summary,
    String license) {

  /** Image configs are small; one bigger than this is not read. */
  private static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;

  /** A platform of an index and the digest of its image. */
  record PlatformLink(String platform, String digest) {}

  /**
   * One line of the build history, with the layer it made (null for a step that made none, such as {@code ENV}).
   *
   * @param instruction the Dockerfile line as the builder recorded it
   */
  record Step(String instruction, String created, String layerDigest, String layerSize) {}

  static Optional<ImageDetails> read(RegistryCatalog catalog, BlobStore blobs, RepositoryName repository,
      Reference reference) {
    Optional<StoredManifest> stored = catalog.manifest(repository, reference);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Manifest manifest = stored.get().parse();
    List<PlatformLink> platforms = new ArrayList<>();
    Manifest image = manifest;
    String shownPlatform = null;
    if (manifest.isIndex()) {
      image = null;
      for (Descriptor child : manifest.manifests()) {
        Platform platform = child.platform();
        if (platform == null || "unknown".equals(platform.architecture())) {
          continue; // attestations are not a platform of the image
        }
        platforms.add(new PlatformLink(platform.toString(), child.digest().toString()));
        if (image == null) {
          Optional<StoredManifest> first = catalog.manifest(repository, child.digest());
          if (first.isPresent() && !first.get().parse().isIndex()) {
            image = first.get().parse();
            shownPlatform = platform.toString();
          }
        }
      }
    }
    ImageConfig config = image == null ? null : config(blobs, image);
    Map<String, String> labels = new TreeMap<>(config == null ? Map.of() : config.labels());
    labels.putAll(manifest.annotations());
    if (config != null && shownPlatform == null && config.architecture() != null) {
      shownPlatform = config.os() + "/" + config.architecture()
          + (config.variant() == null || config.variant().isBlank() ? "" : "/" + config.variant());
    }
    List<Step> steps = image == null ? List.of() : steps(image, config);
    long size = image == null ? 0
        : image.config().size() + image.layers().stream().mapToLong(Descriptor::size).sum();
    return Optional.of(new ImageDetails(repository, stored.get().digest(), stored.get().mediaType(),
        stored.get().pushedAt(), stored.get().pushedBy(), catalog.tagsOf(repository, stored.get().digest()), platforms,
        shownPlatform, steps, size, labels,
        ImageLabels.value(labels, ImageLabels.TITLE).orElse(null), first(labels, ImageLabels.SUMMARY_KEYS),
        first(labels, ImageLabels.LICENSE_KEYS)));
  }

  String sizeText() {
    return Sizes.readable(size);
  }

  private static String first(Map<String, String> labels, List<String> keys) {
    return keys.stream().map(key -> ImageLabels.value(labels, key)).flatMap(Optional::stream).findFirst()
        .orElse(null);
  }

  private static ImageConfig config(BlobStore blobs, Manifest image) {
    String type = image.config().mediaType();
    boolean imageConfig = type.equals(MediaTypes.OCI_CONFIG) || type.equals(MediaTypes.DOCKER_CONFIG);
    if (!imageConfig || image.config().size() > MAX_CONFIG_BYTES) {
      return null;
    }
    try (InputStream in = blobs.open(image.config().digest())) {
      return ImageConfig.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("read the image config " + image.config().digest(), e);
    }
  }

  /**
   * The history lines paired with the layers: each step that is not an empty layer made the next layer, in order
   * (the image spec's rule). Without a history, one line per layer.
   */
  private static List<Step> steps(Manifest image, ImageConfig config) {
    List<Step> steps = new ArrayList<>();
    Iterator<Descriptor> layers = image.layers().iterator();
    if (config != null) {
      for (ImageConfig.History entry : config.history()) {
        Descriptor layer = !entry.emptyLayer() && layers.hasNext() ? layers.next() : null;
        steps.add(new Step(entry.createdBy() == null ? "" : entry.createdBy(), entry.created(),
            layer == null ? null : layer.digest().toString(), layer == null ? null : Sizes.readable(layer.size())));
      }
    }
    while (layers.hasNext()) {
      Descriptor layer = layers.next();
      steps.add(new Step("", null, layer.digest().toString(), Sizes.readable(layer.size())));
    }
    return steps;
  }
}
