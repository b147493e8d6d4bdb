package org.arca.registry.fixity;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.registry.FixityHistory;
import org.arca.registry.metadata.Database;

/** The fixity events in the database, for the archival export. */
@Singleton
class RecordedFixityHistory implements FixityHistory {
  /** Enough for years of monthly scrubs; a bag does not need every check of a blob checked on every download. */
  private static final int MOST = 1000;

  private final Database database;
  private final FixityStore store;

  RecordedFixityHistory(Database database, FixityStore store) {
    this.database = database;
    this.store = store;
  }

  @Override
  public List<Event> events(Digest blob) {
    List<Event> events = new ArrayList<>();
    for (FixityStore.Event e : database.read(c -> store.events(c, List.of(blob.toString()), MOST))) {
      events.add(new Event(blob, e.checkedAt(), e.agent(), e.outcome(), e.copy(), e.detail()));
    }
    Collections.reverse(events); // read newest first
    return events;
  }
}
