package org.arca.converter.job;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.event.TagMoved;
import org.arca.core.image.Manifest;
import org.arca.core.job.JobQueue;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues conversions as images arrive, as the repository's policy says: when a tag moves to an image (or to an
 * index, whose platforms' images are converted one by one), and, under policy {@code all}, for every pushed image.
 * Artifacts (signatures, SIFs, recipes) are never converted: only manifests whose config is an image config. An
 * event delivered again enqueues nothing new, since a queued, running or finished job of the same image is kept.
 */
@Singleton
@Requires(property = "arca.converter.enabled", notEquals = "false")
public class ConversionTrigger implements RegistryEventConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(ConversionTrigger.class);

  private final RegistryCatalog catalog;
  private final JobQueue jobs;
  private final ConversionPolicy policy;

  public ConversionTrigger(RegistryCatalog catalog, JobQueue jobs, ConversionPolicy policy) {
    this.catalog = catalog;
    this.jobs = jobs;
    this.policy = policy;
  }

  @Override
  public String name() {
    return "conversion";
  }

  /** Throws when the queue cannot be written, so that the event log delivers the event again. */
  @Override
  public void accept(RegistryEvent event) {
    if (event instanceof TagMoved moved && policy.modeOf(moved.repository()) != ConversionPolicy.Mode.NONE) {
      enqueue(moved.repository(), moved.current(), false);
    } else if (event instanceof ManifestPushed pushed && pushed.tag() == null
        && policy.modeOf(pushed.repository()) == ConversionPolicy.Mode.ALL) {
      enqueue(pushed.repository(), pushed.digest(), false);
    }
  }

  /** Enqueues the images {@code digest} stands for; returns how many were new to the queue. */
  public int enqueueImagesOf(RepositoryName repository, Digest digest, boolean again) {
    try {
      return enqueue(repository, digest, again);
    } catch (RuntimeException e) {
      // the push is committed; the backfill will find this image later
      LOG.warn("could not enqueue the conversion of {}@{}: {}", repository, digest, e.getMessage());
      return 0;
    }
  }

  private int enqueue(RepositoryName repository, Digest digest, boolean again) {
    int enqueued = 0;
    for (Digest image : imagesOf(repository, digest)) {
      jobs.enqueue(ConversionKey.KIND, new ConversionKey(repository, image).toString(), null, again);
      enqueued++;
    }
    return enqueued;
  }

  /** The platform images a manifest stands for: itself if it is an image, its platforms' images for an index. */
  public List<Digest> imagesOf(RepositoryName repository, Digest digest) {
    Optional<StoredManifest> stored = catalog.manifest(repository, digest);
    if (stored.isEmpty()) {
      return List.of();
    }
    Manifest manifest = stored.get().parse();
    if (manifest.isIndex()) {
      return manifest.manifests().stream()
          .filter(d -> d.platform() == null || !"unknown".equals(d.platform().os())) // attestations
          .map(Descriptor::digest)
          .filter(child -> catalog.manifest(repository, child).map(m -> isImage(m.parse())).orElse(false))
          .toList();
    }
    return isImage(manifest) ? List.of(digest) : List.of();
  }

  static boolean isImage(Manifest manifest) {
    return !manifest.isIndex() && (MediaTypes.OCI_CONFIG.equals(manifest.config().mediaType())
        || MediaTypes.DOCKER_CONFIG.equals(manifest.config().mediaType()));
  }
}
