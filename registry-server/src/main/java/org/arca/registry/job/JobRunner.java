package org.arca.registry.job;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.core.job.PermanentJobFailure;
import org.arca.registry.metadata.Database;
import org.arca.registry.storage.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the features' jobs on a bounded pool: claims due jobs from the table, runs each with its handler while
 * renewing its lease, and records the outcome. A failed attempt is retried with exponential backoff until the
 * handler's limit; a job whose instance died is taken over when its lease runs out. While the data directory is below
 * its reserve no job is started: jobs write (SIFs, exports, database rows), and the space is kept for the database.
 */
@Context
@Requires(property = "arca.jobs.enabled", notEquals = "false")
public class JobRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final Database database;
  private final JobStore store;
  private final JobConfiguration config;
  private final DiskSpace disk;
  private final Clock clock;
  private final Map<String, JobHandler> handlers = new HashMap<>();
  private final Map<String, Semaphore> slots = new HashMap<>();
  private final Semaphore workers;
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final String owner;

  public JobRunner(Database database, JobStore store, JobConfiguration config, DiskSpace disk, Clock clock,
      List<JobHandler> handlers) {
    this.database = database;
    this.store = store;
    this.config = config;
    this.disk = disk;
    this.clock = clock;
    for (JobHandler handler : handlers) {
      this.handlers.put(handler.kind(), handler);
      this.slots.put(handler.kind(), new Semaphore(Math.max(1, handler.concurrency())));
    }
    this.workers = new Semaphore(Math.max(1, config.workers()));
    this.pool = Executors.newFixedThreadPool(Math.max(1, config.workers()), threads("arca-job-"));
    this.timer = Executors.newSingleThreadScheduledExecutor(threads("arca-job-timer-"));
    this.owner = hostName() + "/" + ProcessHandle.current().pid() + "/" + clock.millis();
    timer.scheduleWithFixedDelay(this::dispatchSafely, 1000, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    if (!handlers.isEmpty()) {
      LOG.info("job runner started with {} workers for {}", config.workers(), this.handlers.keySet());
    }
  }

  /** Looks for due jobs now instead of at the next poll, e.g. right after an enqueue. */
  public void wake() {
    timer.execute(this::dispatchSafely);
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    pool.shutdown();
    try {
      // Jobs still running after this keep their lease; another instance or the next start takes them over.
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }

  private void dispatchSafely() {
    try {
      dispatch();
    } catch (RuntimeException e) {
      LOG.warn("looking for due jobs failed: {}", e.getMessage());
    }
  }

  private void dispatch() {
    List<String> kinds = slots.entrySet().stream().filter(e -> e.getValue().availablePermits() > 0)
        .map(Map.Entry::getKey).toList();
    if (kinds.isEmpty() || workers.availablePermits() == 0 || disk.belowReserve()) {
      return; // below the reserve: DiskSpace has logged why, and the next poll after space is freed resumes
    }
    Instant now = clock.instant();
    List<Long> due = database.read(c -> store.due(c, kinds, now, workers.availablePermits() * 4));
    for (long id : due) {
      if (!workers.tryAcquire()) {
        return;
      }
      Optional<JobStatus> claimed = database.write(c -> store.claim(c, id, owner, now, now.plus(config.lease())));
      if (claimed.isEmpty() || !slots.get(claimed.get().kind()).tryAcquire()) {
        claimed.ifPresent(job -> release(job, now)); // no slot for its kind after all: hand it back
        workers.release();
        continue;
      }
      JobStatus job = claimed.get();
      pool.execute(() -> run(job));
    }
  }

  private void release(JobStatus job, Instant now) {
    database.write(c -> {
      store.finish(c, job.id(), owner, JobState.QUEUED, now, job.error(), null, now);
      return null;
    });
  }

  private void run(JobStatus job) {
    JobHandler handler = handlers.get(job.kind());
    ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(() -> renew(job), config.lease().toMillis() / 3,
        config.lease().toMillis() / 3, TimeUnit.MILLISECONDS);
    JobState state;
    String error = null;
    String result = null;
    Instant next = clock.instant();
    try {
      String payload = database.read(c -> store.payload(c, job.id())).orElse(null);
      result = handler.run(job.key(), payload);
      state = JobState.DONE;
      LOG.info("job {} {} done{}", job.kind(), job.key(), result == null ? "" : ": " + result);
    } catch (PermanentJobFailure e) {
      state = JobState.FAILED;
      error = e.getMessage();
      LOG.warn("job {} {} failed for good: {}", job.kind(), job.key(), e.getMessage());
    } catch (Exception | LinkageError e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (job.attempts() >= handler.maxAttempts()) {
        state = JobState.FAILED;
        LOG.warn("job {} {} failed after {} attempts: {}", job.kind(), job.key(), job.attempts(), error, e);
      } else {
        state = JobState.QUEUED;
        next = clock.instant().plus(backoff(job.attempts()));
        LOG.info("job {} {} failed (attempt {} of {}), retrying at {}: {}", job.kind(), job.key(), job.attempts(),
            handler.maxAttempts(), next, error);
      }
    } finally {
      renewal.cancel(false);
    }
    JobState finalState = state;
    String finalError = error;
    String finalResult = result;
    Instant finalNext = next;
    try {
      database.write(c -> {
        store.finish(c, job.id(), owner, finalState, finalNext, finalError, finalResult, clock.instant());
        return null;
      });
    } catch (RuntimeException e) {
      // e.g. the disk below its reserve: the job stays claimed until its lease runs out, and then runs again
      LOG.warn("recording the end of job {} {} failed: {}", job.kind(), job.key(), e.getMessage());
    } finally {
      slots.get(job.kind()).release();
      workers.release();
      wake();
    }
  }

  private Duration backoff(int attempts) {
    Duration wait = config.retryBackoff().multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  private void renew(JobStatus job) {
    try {
      database.write(c -> {
        store.renew(c, job.id(), owner, clock.instant().plus(config.lease()));
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("renewing the lease of job {} {} failed: {}", job.kind(), job.key(), e.getMessage());
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
