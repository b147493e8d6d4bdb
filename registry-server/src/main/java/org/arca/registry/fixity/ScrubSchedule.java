package org.arca.registry.fixity;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.arca.core.job.JobQueue;

/**
 * Queues the scrub every {@code arca.fixity.interval} on every instance; the job table makes one of them run it,
 * and a run still going is not queued twice.
 */
@Singleton
@Requires(property = "arca.jobs.enabled", notEquals = "false")
@Requires(property = "arca.fixity.scrub", notEquals = "false")
class ScrubSchedule {
  private final JobQueue jobs;

  ScrubSchedule(JobQueue jobs) {
    this.jobs = jobs;
  }

  @Scheduled(fixedDelay = "${arca.fixity.interval:1h}", initialDelay = "2m")
  void queue() {
    jobs.enqueue(Scrub.KIND, Scrub.KEY, null, true);
  }
}
