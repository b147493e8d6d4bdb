package org.arca.registry.event;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to every {@link RegistryEventConsumer}, each on a thread of its own so that a slow or failing
 * consumer holds up no other. A consumer gets the events in log order, at least once: its cursor moves only past
 * events it accepted, so after a crash or restart delivery resumes where it stopped. A failure is logged and retried
 * with growing pauses; the same event comes again, and nothing after it until it succeeds.
 *
 * <p>A cluster-wide consumer runs on the one instance that holds the lease on its cursor row, and another instance
 * takes it over when that lease runs out; a per-instance consumer has a cursor of its own per data directory. Not in
 * a management command (environment {@code cli}): what a command appends is delivered by the server.
 */
@Context
@Requires(notEnv = Environment.CLI)
public class EventDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
  /** How often an idle consumer looks for events appended by other instances (its own wake it at once). */
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
  /** How often a busy consumer's position is written to its cursor row. */
  static final Duration SAVE = Duration.ofSeconds(1);
  private static final int BATCH = 100;

  private final Database database;
  private final EventLog log;
  private final EventSignal signal;
  private final Clock clock;
  private final List<Worker> workers = new ArrayList<>();

  EventDispatcher(List<RegistryEventConsumer> consumers, Database database, EventLog log, EventSignal signal,
      InstanceIdentity instance, Clock clock, @Nullable MeterRegistry metrics) {
    this.database = database;
    this.log = log;
    this.signal = signal;
    this.clock = clock;
    String owner = instance.owner();
    for (RegistryEventConsumer consumer : consumers) {
      String cursor = consumer.perInstance() ? consumer.name() + "@" + instance.id() : consumer.name();
      Instant now = clock.instant();
      database.write(c -> {
        log.createCursor(c, cursor, now);
        return null;
      });
      workers.add(new Worker(consumer, cursor, owner));
    }
    if (metrics != null) {
      // a lag that keeps growing means a consumer is failing (its cursor row's last_error says why) or cannot keep up
      for (Worker worker : workers) {
        Gauge.builder("arca.events.lag", this, d -> d.lag(worker.cursor)).tag("consumer", worker.cursor)
            .description("events appended to the log that this consumer has not accepted yet").register(metrics);
      }
    }
    workers.forEach(Worker::start);
  }

  /** True when every consumer of this instance has accepted every event appended so far (for tests and waits). */
  public boolean drained() {
    long head = database.read(log::head);
    return workers.stream().allMatch(w -> w.position >= head);
  }

  /**
   * How many events the consumer behind {@code cursor} has still to accept, as this instance sees it; 0 for a
   * cluster-wide consumer another instance runs (that instance reports it).
   */
  long lag(String cursor) {
    long head = database.read(log::head);
    return workers.stream().filter(w -> w.cursor.equals(cursor)).findFirst()
        .map(w -> Math.max(0, head - w.position)).orElse(0L);
  }

  @PreDestroy
  void stop() {
    workers.forEach(Worker::interrupt);
    for (Worker worker : workers) {
      try {
        worker.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        worker.save(); // so that a restart does not replay what was accepted since the last save
        database.write(c -> {
          log.release(c, worker.cursor, worker.owner);
          return null;
        });
      } catch (RuntimeException e) {
        LOG.debug("release the lease of {}: {}", worker.cursor, e.toString());
      }
    }
  }

  /** Follows the log for one consumer. */
  private final class Worker extends Thread {
    private final RegistryEventConsumer consumer;
    private final String cursor;
    private final String owner;
    /** The last id the consumer accepted here (read from its cursor when the lease was taken), for {@link #drained}. */
    private volatile long position = -1;
    /** The last id written to the cursor row; the row lags {@link #position} by at most {@link #SAVE}. */
    private long saved = -1;
    private Instant savedAt = Instant.EPOCH;
    private Instant leaseUntil = Instant.EPOCH;
    private Duration backoff = Duration.ZERO;

    Worker(RegistryEventConsumer consumer, String cursor, String owner) {
      super("arca-events-" + consumer.name());
      setDaemon(true);
      this.consumer = consumer;
      this.cursor = cursor;
      this.owner = owner;
    }

    @Override
    public void run() {
      while (!isInterrupted()) {
        long seen = signal.generation();
        try {
          if (deliverBatch()) {
            continue;
          }
          Duration untilSave = Duration.between(clock.instant(), savedAt.plus(SAVE));
          if (position > saved && (untilSave.isNegative() || untilSave.isZero())) {
            save();
            continue;
          }
          // a position not yet saved is saved when SAVE has passed, even if no further event comes
          long wait = position > saved ? Math.max(1, untilSave.toMillis()) : POLL.toMillis();
          signal.await(seen, Math.min(wait, POLL.toMillis()));
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          LOG.warn("event consumer {} could not read the log: {}", cursor, e.toString());
          pause();
        }
      }
    }

    /** Delivers the next batch, if this instance may; returns false when there was nothing to do. */
    private boolean deliverBatch() throws InterruptedException {
      if (!holdLease()) {
        position = Long.MAX_VALUE; // another instance delivers these events: nothing to wait for here
        saved = Long.MAX_VALUE;
        return false;
      }
      long from = position;
      List<EventLog.Logged> batch = database.read(c -> log.after(c, from, BATCH));
      if (batch.isEmpty()) {
        return false;
      }
      RuntimeException failure = null;
      for (EventLog.Logged logged : batch) {
        try {
          consumer.accept(logged.event());
          position = logged.id();
        } catch (Exception e) {
          failure = new IllegalStateException(logged.event() + " (event " + logged.id() + "): " + e, e);
          break;
        }
      }
      if (failure != null) {
        save();
        fail(failure);
        return true;
      }
      if (!clock.instant().isBefore(savedAt.plus(SAVE))) {
        save();
      }
      backoff = Duration.ZERO;
      return true;
    }

    /**
     * Writes the position to the cursor row, renewing the lease. Not after every event: with a write per event and
     * consumer, the features' bookkeeping would cost the database more than the pushes do. A crash replays what was
     * accepted since the last save, which the consumers' idempotence allows.
     */
    private void save() {
      if (position <= saved) {
        return;
      }
      long done = position;
      if (!flushed()) {
        savedAt = clock.instant(); // try again after SAVE
        return;
      }
      Instant now = clock.instant();
      Instant until = now.plus(LEASE);
      boolean held = database.write(c -> log.advance(c, cursor, owner, done, now, until));
      savedAt = now;
      if (held) {
        saved = done;
        leaseUntil = until;
      } else {
        // the lease ran out while delivering and another instance took over: it delivers from the saved cursor
        leaseUntil = Instant.EPOCH;
        position = -1;
      }
    }

    private boolean flushed() {
      try {
        return consumer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        LOG.warn("event consumer {} could not flush: {}", cursor, e.toString());
        return false;
      }
    }

    /** Takes or renews the lease when less than half of it is left. */
    private boolean holdLease() {
      Instant now = clock.instant();
      if (now.isBefore(leaseUntil.minus(LEASE.dividedBy(2)))) {
        return true;
      }
      Instant until = now.plus(LEASE);
      boolean held = database.write(c -> log.claim(c, cursor, owner, now, until));
      boolean taken = held && leaseUntil.equals(Instant.EPOCH);
      leaseUntil = held ? until : Instant.EPOCH;
      if (taken || (held && position < 0)) {
        // taken (again): the cursor row says where this or the previous holder stopped
        long stored = database.read(c -> log.cursor(c, cursor)).map(EventLog.Cursor::lastId).orElse(0L);
        position = stored;
        saved = stored;
      }
      return held;
    }

    private void fail(RuntimeException failure) throws InterruptedException {
      backoff = backoff.isZero() ? Duration.ofSeconds(1) : min(backoff.multipliedBy(2), MAX_BACKOFF);
      LOG.warn("event consumer {} failed on {}; trying again in {} s", cursor, failure.getMessage(),
          backoff.toSeconds(), failure.getCause());
      try {
        database.write(c -> {
          log.failed(c, cursor, owner, failure.getMessage(), clock.instant());
          return null;
        });
      } catch (RuntimeException e) {
        LOG.debug("record the failure of {}: {}", cursor, e.toString());
      }
      Thread.sleep(backoff.toMillis());
    }

    private void pause() {
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        interrupt();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
