package org.arca.registry.gc;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.arca.registry.metadata.Database;

/**
 * The cluster-wide lease that lets one instance at a time collect. Taken at the start of a run and renewed as it
 * goes; a run that cannot renew it (it ran out, e.g. after a long stall, and another instance took it) stops.
 */
@Singleton
class GcLease {
  private final Database database;
  private final GcStore store;
  private final GcConfiguration config;
  private final Clock clock;
  private final String owner = UUID.randomUUID().toString();

  GcLease(Database database, GcStore store, GcConfiguration config, Clock clock) {
    this.database = database;
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** Takes the lease, or renews it; false while another instance holds it. */
  boolean acquire() {
    Instant now = clock.instant();
    return database.write(c -> store.lease(c, owner, now, now.plus(config.lease())));
  }

  /** Renews the lease in the middle of a run, which stops if it was lost. */
  void renew() {
    if (!acquire()) {
      throw new IllegalStateException("garbage collection lost its lease to another instance; this run stops");
    }
  }

  void release() {
    database.write(c -> {
      store.release(c, owner);
      return null;
    });
  }
}
