package org.arca.converter.job;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.List;
import org.arca.converter.SifConverter;
import org.arca.core.AnnotationKeys;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.job.JobQueue;
import org.arca.core.registry.RegistryCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds images the push trigger missed (pushed before conversion was enabled, or lost to a crash between commit and
 * enqueue) and enqueues them; with {@code reconvert-outdated}, also images whose SIF an older converter made.
 * Enqueueing is idempotent, so a walk that finds a queued or converted image changes nothing.
 */
@Singleton
@Requires(property = "arca.converter.enabled", notEquals = "false")
public class ConversionBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(ConversionBackfill.class);
  private static final int PAGE = 500;

  private final RegistryCatalog catalog;
  private final JobQueue jobs;
  private final ConversionTrigger trigger;
  private final ConversionPolicy policy;
  private final ConverterConfiguration config;

  public ConversionBackfill(RegistryCatalog catalog, JobQueue jobs, ConversionTrigger trigger, ConversionPolicy policy,
      ConverterConfiguration config) {
    this.catalog = catalog;
    this.jobs = jobs;
    this.trigger = trigger;
    this.policy = policy;
    this.config = config;
  }

  @Scheduled(fixedDelay = "${arca.converter.backfill-interval:1h}", initialDelay = "2m")
  void scheduled() {
    try {
      int found = backfill();
      if (found > 0) {
        LOG.info("conversion backfill enqueued {} images", found);
      }
    } catch (RuntimeException e) {
      LOG.warn("conversion backfill failed: {}", e.getMessage());
    }
  }

  /** Walks every repository once; returns how many images it enqueued. */
  public int backfill() {
    int enqueued = 0;
    String last = null;
    while (true) {
      List<RepositoryName> repositories = catalog.repositories(last, PAGE);
      for (RepositoryName repository : repositories) {
        enqueued += backfill(repository);
      }
      if (repositories.size() < PAGE) {
        return enqueued;
      }
      last = repositories.get(repositories.size() - 1).value();
    }
  }

  private int backfill(RepositoryName repository) {
    ConversionPolicy.Mode mode = policy.modeOf(repository);
    if (mode == ConversionPolicy.Mode.NONE) {
      return 0;
    }
    List<Digest> candidates = mode == ConversionPolicy.Mode.ALL
        ? catalog.manifestDigests(repository)
        : tagged(repository);
    int enqueued = 0;
    for (Digest digest : candidates) {
      for (Digest image : trigger.imagesOf(repository, digest)) {
        List<Descriptor> sifs = catalog.referrers(repository, image, MediaTypes.SIF_CONFIG);
        boolean current = sifs.stream().anyMatch(d ->
            SifConverter.VERSION.equals(d.annotations().get(AnnotationKeys.CONVERTER_VERSION)));
        if (current) {
          continue;
        }
        boolean outdated = !sifs.isEmpty();
        if (outdated && !config.reconvertOutdated()) {
          continue;
        }
        String key = new ConversionKey(repository, image).toString();
        if (jobs.status(ConversionKey.KIND, key).isEmpty() || outdated) {
          jobs.enqueue(ConversionKey.KIND, key, null, outdated);
          enqueued++;
        }
      }
    }
    return enqueued;
  }

  private List<Digest> tagged(RepositoryName repository) {
    return catalog.tags(repository, null, Integer.MAX_VALUE).stream()
        .map(tag -> catalog.manifest(repository, Tag.parse(tag)))
        .flatMap(java.util.Optional::stream)
        .map(m -> m.digest())
        .distinct()
        .toList();
  }
}
