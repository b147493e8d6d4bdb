package org.arca.registry.job;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.registry.metadata.Database;

/** The {@link JobQueue} port over the job table. */
@Singleton
public class DatabaseJobQueue implements JobQueue {
  private final Database database;
  private final JobStore store;
  private final Clock clock;
  private final BeanProvider<JobRunner> runner;

  public DatabaseJobQueue(Database database, JobStore store, Clock clock, BeanProvider<JobRunner> runner) {
    this.database = database;
    this.store = store;
    this.clock = clock;
    this.runner = runner;
  }

  @Override
  public JobStatus enqueue(String kind, String key, String payload, boolean again) {
    Instant now = clock.instant();
    JobStatus status = database.write(c -> {
      Optional<JobStatus> existing = store.find(c, kind, key);
      if (existing.isEmpty()) {
        store.insert(c, kind, key, payload, now);
      } else if (again && (existing.get().state() == JobState.DONE || existing.get().state() == JobState.FAILED)) {
        store.requeue(c, existing.get().id(), payload, now);
      }
      return store.find(c, kind, key).orElseThrow();
    });
    if (status.state() == JobState.QUEUED) {
      runner.ifPresent(JobRunner::wake);
    }
    return status;
  }

  @Override
  public Optional<JobStatus> status(String kind, String key) {
    return database.read(c -> store.find(c, kind, key));
  }

  @Override
  public List<JobStatus> list(String kind, JobState state, String keyPrefix, int limit) {
    return database.read(c -> store.list(c, kind, state, keyPrefix, limit));
  }
}
