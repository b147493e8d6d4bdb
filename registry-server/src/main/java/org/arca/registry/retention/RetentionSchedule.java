package org.arca.registry.retention;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobQueue;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.RetentionPolicy;
import org.arca.registry.job.Schedules;
import org.arca.registry.retention.RetentionStore.Plan;
import org.arca.registry.retention.RetentionStore.PolicySchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled retention runs. Every instance looks each minute for policies whose schedule is due; the one that moves
 * the policy's last run time first (a conditional update) queues a job of kind {@value #KIND}, which the job table
 * runs once across instances and retries elsewhere if its instance dies. The job saves a plan of the repositories
 * the policy matches, under an id derived from the job's key so that a retry does not plan twice; when the policy
 * says {@code autoApprove}, it executes that plan as a curator's approval would (same checks, restore window and
 * audit entries), and otherwise the plan waits for a curator. The plan, with its outcomes, is the run's report.
 */
@Singleton
class RetentionSchedule implements JobHandler {
  static final String KIND = "retention-run";
  /** Who scheduled plans and their automatic approvals are recorded as. */
  static final String ACTOR = "schedule";
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  private final RetentionStore store;
  private final RetentionRuns runs;
  private final JobQueue jobs;
  private final Clock clock;

  RetentionSchedule(RetentionStore store, RetentionRuns runs, JobQueue jobs, Clock clock) {
    this.store = store;
    this.runs = runs;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Queues a run for each policy whose schedule is due; on every instance, and each run is queued once. */
  @Scheduled(fixedDelay = "1m", initialDelay = "1m")
  void queueDueRuns() {
    Instant now = clock.instant();
    for (PolicySchedule policy : store.schedules().values()) {
      if (policy.schedule() == null) {
        continue;
      }
      Instant last = policy.lastScheduledAt();
      if (Schedules.isDue(policy.schedule(), last == null ? policy.createdAt() : last, now)
          && store.claimScheduledRun(policy.policyId(), last, now)) {
        jobs.enqueue(KIND, "policy-" + policy.policyId() + "-" + now.toEpochMilli(),
            Long.toString(policy.policyId()), false);
        LOG.info("scheduled retention run of policy {} queued", policy.policyId());
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) {
    long policyId = Long.parseLong(payload);
    Optional<RetentionPolicy> policy = store.policies().stream().filter(p -> p.id() == policyId).findFirst();
    PolicySchedule schedule = store.schedules().get(policyId);
    if (policy.isEmpty() || schedule == null) {
      return "policy " + policyId + " was removed before its scheduled run";
    }
    String planId = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    Plan plan = runs.planScheduled(planId, policy.get(), ACTOR);
    long candidates = store.items(plan.id()).stream().filter(i -> i.item().action() == Action.REMOVE).count();
    if (!schedule.autoApprove()) {
      return "plan " + plan.id() + ": " + candidates + " candidates, waiting for a curator's approval";
    }
    if ("planned".equals(plan.state())) {
      plan = runs.execute(plan.id(), ACTOR, null);
    }
    return "plan " + plan.id() + ": " + candidates + " candidates, " + plan.state() + " without approval, as policy "
        + policyId + " says";
  }
}
