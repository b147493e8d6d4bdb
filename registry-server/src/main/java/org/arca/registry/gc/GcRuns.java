package org.arca.registry.gc;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobQueue;
import org.arca.registry.job.Schedules;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage-collection runs: started on request or by the schedule, each run as a job of the job table (kind
 * {@value #KIND}), so that another instance finishes the run of one that died; the {@link GcLease} lets one runner
 * at a time collect across all instances. Each run keeps a history row with what it removed.
 */
@Singleton
public class GcRuns implements JobHandler {
  static final String KIND = "garbage-collection";
  private static final Logger LOG = LoggerFactory.getLogger(GcRuns.class);

  private final Database database;
  private final GcStore store;
  private final GarbageCollector collector;
  private final GcLease lease;
  private final JobQueue jobs;
  private final GcConfiguration config;
  private final Clock clock;

  GcRuns(Database database, GcStore store, GarbageCollector collector, GcLease lease, JobQueue jobs,
      GcConfiguration config, Clock clock) {
    this.database = database;
    this.store = store;
    this.collector = collector;
    this.lease = lease;
    this.jobs = jobs;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Starts a run, or returns the one already queued or running: runs never overlap. A dry run is done at once, on
   * the caller's thread, since it only reads.
   */
  public GcRun start(boolean dryRun, String requestedBy, Duration gracePeriod) {
    Duration grace = gracePeriod == null ? config.gracePeriod() : gracePeriod;
    Instant now = clock.instant();
    if (dryRun) {
      long id = database.write(c -> store.insertRun(c, true, requestedBy, grace.toSeconds(), now));
      execute(id, true, grace);
      return run(id).orElseThrow();
    }
    GcRun run = database.write(c -> {
      Optional<GcRun> active = store.activeRun(c);
      if (active.isPresent()) {
        return active.get();
      }
      return store.run(c, store.insertRun(c, false, requestedBy, grace.toSeconds(), now)).orElseThrow();
    });
    jobs.enqueue(KIND, "run-" + run.id(), Long.toString(run.id()), false);
    return run;
  }

  /**
   * Runs a collection (or a dry run) here and now, on the caller's thread, for the command line; refused while another
   * instance collects.
   */
  GcRun runHere(boolean dryRun, String requestedBy) {
    Duration grace = config.gracePeriod();
    if (dryRun) {
      return start(true, requestedBy, grace);
    }
    if (!lease.acquire()) {
      throw new RegistryException(OciError.DENIED, "another instance is collecting garbage now; run this again when"
          + " its run has ended (GET /api/v1/gc/runs)");
    }
    try {
      long id = database.write(c -> store.insertRun(c, false, requestedBy, grace.toSeconds(), clock.instant()));
      execute(id, false, grace);
      return run(id).orElseThrow();
    } finally {
      lease.release();
    }
  }

  Optional<GcRun> run(long id) {
    return database.read(c -> store.run(c, id));
  }

  public List<GcRun> runs(Long before, int limit) {
    return database.read(c -> store.runs(c, before, limit));
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int maxAttempts() {
    return 10;
  }

  /** Runs one queued run; while another instance collects, fails so that the job runner tries again later. */
  @Override
  public String run(String key, String payload) {
    long id = Long.parseLong(payload);
    if (!lease.acquire()) {
      throw new IllegalStateException("another instance is collecting garbage; run " + id + " waits its turn");
    }
    try {
      GcRun run = run(id).orElseThrow();
      execute(id, false, Duration.ofSeconds(run.gracePeriodSeconds()));
    } finally {
      lease.release();
    }
    return "run " + id;
  }

  private void execute(long id, boolean dryRun, Duration grace) {
    database.write(c -> {
      store.started(c, id, clock.instant());
      return null;
    });
    try {
      GcRun.Tally tally = dryRun ? collector.plan(grace) : collector.collect(id, grace, lease);
      database.write(c -> {
        store.record(c, id, tally, GcRun.DONE, null, clock.instant());
        return null;
      });
    } catch (Exception e) {
      LOG.error("garbage collection run {} failed", id, e);
      GcRun.Tally sofar = run(id).map(GcRuns::tally).orElse(GcRun.Tally.NONE);
      database.write(c -> {
        store.record(c, id, sofar, GcRun.FAILED, "the run stopped: " + e.getClass().getSimpleName()
            + "; see the server log", clock.instant());
        return null;
      });
      if (!dryRun) {
        throw new IllegalStateException("garbage collection run " + id + " failed", e);
      }
    }
  }

  private static GcRun.Tally tally(GcRun run) {
    return new GcRun.Tally(run.blobsDeleted(), run.bytesReclaimed(), run.linksRemoved(), run.uploadsPurged(),
        run.filesWithoutRow(), run.blobsPinned(), run.provenanceRemoved(), run.jobsRemoved());
  }

  /** Starts a run when the schedule says one is due: checked every minute, on every instance, run once. */
  @Scheduled(fixedDelay = "1m", initialDelay = "1m")
  void runIfDue() {
    if (config.schedule() == null || config.schedule().isBlank()) {
      return;
    }
    Optional<Instant> last = database.read(store::lastRunCreated);
    if (Schedules.isDue(config.schedule(), last.orElse(null), clock.instant())) {
      GcRun run = start(false, "schedule", null);
      LOG.info("scheduled garbage collection: run {}", run.id());
    }
  }
}
