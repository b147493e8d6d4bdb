package org.arca.registry.event;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes registry events to the features after a change is committed. One publisher per event type, because
 * Micronaut routes events by the publisher's declared type. A listener that throws is logged and never undoes the
 * change that was already answered to the client.
 */
@Singleton
public final class RegistryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

  private final ApplicationEventPublisher<ManifestPushed> manifestPushed;
  private final ApplicationEventPublisher<TagMoved> tagMoved;
  private final ApplicationEventPublisher<TagDeleted> tagDeleted;
  private final ApplicationEventPublisher<ManifestDeleted> manifestDeleted;
  private final ApplicationEventPublisher<ImageFactsChanged> factsChanged;

  public RegistryEvents(ApplicationEventPublisher<ManifestPushed> manifestPushed,
      ApplicationEventPublisher<TagMoved> tagMoved, ApplicationEventPublisher<TagDeleted> tagDeleted,
      ApplicationEventPublisher<ManifestDeleted> manifestDeleted,
      ApplicationEventPublisher<ImageFactsChanged> factsChanged) {
    this.manifestPushed = manifestPushed;
    this.tagMoved = tagMoved;
    this.tagDeleted = tagDeleted;
    this.manifestDeleted = manifestDeleted;
    this.factsChanged = factsChanged;
  }

  public void publish(RegistryEvent event) {
    try {
      if (event instanceof ManifestPushed e) {
        manifestPushed.publishEvent(e);
      } else if (event instanceof TagMoved e) {
        tagMoved.publishEvent(e);
      } else if (event instanceof TagDeleted e) {
        tagDeleted.publishEvent(e);
      } else if (event instanceof ManifestDeleted e) {
        manifestDeleted.publishEvent(e);
      } else if (event instanceof ImageFactsChanged e) {
        factsChanged.publishEvent(e);
      }
    } catch (RuntimeException e) {
      LOG.error("a listener failed on {}", event, e);
    }
  }
}
