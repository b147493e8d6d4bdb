package org.arca.registry.vetting;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.arca.core.job.JobQueue;

/**
 * Queues the re-evaluation of every vetted image every {@code arca.vetting.recheck-interval} on every instance; the
 * job table makes one of them run it, and a run still going is not queued twice.
 */
@Singleton
@Requires(property = "arca.jobs.enabled", notEquals = "false")
class VettingRecheckSchedule {
  private final JobQueue jobs;

  VettingRecheckSchedule(JobQueue jobs) {
    this.jobs = jobs;
  }

  @Scheduled(fixedDelay = "${arca.vetting.recheck-interval:1h}", initialDelay = "3m")
  void queue() {
    jobs.enqueue(VettingReevaluation.KIND, "all", null, true);
  }
}
