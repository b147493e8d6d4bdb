package org.arca.registry.event;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.event.RegistryEvent;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends registry events to the event log, from which {@link EventDispatcher} delivers them to the features. A
 * change in the database appends its events in its own transaction ({@link #append}) and calls {@link #committed}
 * afterwards; a change elsewhere (a DOI registered with DataCite) appends them on their own ({@link #publish}).
 */
@Singleton
public final class RegistryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryEvents.class);

  private final EventLog log;
  private final Database database;
  private final EventSignal signal;
  private final Clock clock;

  RegistryEvents(EventLog log, Database database, EventSignal signal, Clock clock) {
    this.log = log;
    this.database = database;
    this.signal = signal;
    this.clock = clock;
  }

  /** Appends {@code events} in the caller's transaction; the last statement of a change, as it serialises writers. */
  public void append(Connection c, List<RegistryEvent> events) throws SQLException {
    log.append(c, events, clock.instant());
  }

  /** Tells this instance's consumers, after the transaction that appended committed, that there is more to read. */
  public void committed() {
    signal.wake();
  }

  /**
   * Appends one event in a transaction of its own. A failure is logged and not thrown: the change it describes is
   * already made and answered, and what the event would have refreshed (a search document's flags) is refreshed by
   * the next change of that image or a rebuild.
   */
  public void publish(RegistryEvent event) {
    try {
      database.write(c -> {
        append(c, List.of(event));
        return null;
      });
      committed();
    } catch (RuntimeException e) {
      LOG.error("append {} to the event log", event, e);
    }
  }

  /** The converter announces a built SIF in-process (it sees only {@code core}); the log carries it to the rest. */
  @EventListener
  void onFactsChanged(ImageFactsChanged event) {
    publish(event);
  }
}
