package org.arca.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;
import org.arca.search.image.ImageKey;
import org.arca.search.index.Depth;
import org.arca.search.index.SearchIndexer;

/**
 * Hands registry events to the background indexer. The index is local to each instance's data directory, so every
 * instance follows the whole event log ({@link #perInstance}). Not in a management command (environment
 * {@code cli}): there the index belongs to the server, which reads the command's events from the log.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
@Requires(notEnv = Environment.CLI)
public class RegistryEventListener implements RegistryEventConsumer {
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  private final SearchIndexer indexer;

  public RegistryEventListener(SearchIndexer indexer) {
    this.indexer = indexer;
  }

  /** Creating the indexer at startup starts the rebuild of a new or outdated index at once, not at the first push. */
  @EventListener
  void onStartup(StartupEvent event) {
    // the indexer bean is created with this listener; nothing else to do
  }

  @Override
  public String name() {
    return "search";
  }

  @Override
  public boolean perInstance() {
    return true;
  }

  @Override
  public void accept(RegistryEvent event) {
    handle(event);
  }

  /** Queued images are only in memory until indexed and committed, which the indexer does when its queue is empty. */
  @Override
  public boolean flush() throws InterruptedException {
    return indexer.awaitIdle(FLUSH_WAIT);
  }

  /** Queues the indexing an event calls for; indexing a document again is harmless, so a replay is too. */
  public void handle(RegistryEvent event) {
    if (event instanceof ManifestPushed pushed) {
      onManifestPushed(pushed);
    } else if (event instanceof TagMoved moved) {
      onTagMoved(moved);
    } else if (event instanceof TagDeleted deleted) {
      onTagDeleted(deleted);
    } else if (event instanceof ManifestDeleted deleted) {
      onManifestDeleted(deleted);
    } else if (event instanceof ImageFactsChanged changed) {
      // flags (DOI, SIF, vetted) are read from the enrichers whenever a document is written
      indexer.submit(new ImageKey(changed.repository(), changed.digest()), Depth.REFERENCES);
    }
  }

  void onManifestPushed(ManifestPushed event) {
    // content is addressed by digest: a stored document of this digest is still right, so only references are re-read
    // (an image never indexed is read in full); a referrer updates its subject's document
    indexer.submit(new ImageKey(event.repository(), event.digest()),
        Depth.REFERENCES);
  }

  void onTagMoved(TagMoved event) {
    if (event.previous() != null) {
      indexer.submit(new ImageKey(event.repository(), event.previous()), Depth.REFERENCES);
    }
    indexer.submit(new ImageKey(event.repository(), event.current()), Depth.REFERENCES);
  }

  void onTagDeleted(TagDeleted event) {
    if (event.previous() != null) {
      indexer.submit(new ImageKey(event.repository(), event.previous()), Depth.REFERENCES);
    }
  }

  void onManifestDeleted(ManifestDeleted event) {
    indexer.submit(new ImageKey(event.repository(), event.digest()), Depth.REFERENCES);
  }
}
