package org.arca.registry.fixity;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.arca.core.Digest;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobQueue;

/**
 * Copies to the replica whatever must have a copy and has none yet: content that was there before the replica was
 * set up, DOIs minted while it was unreachable, copies the scrub found damaged. A job, so that one instance runs it;
 * queued with every scrub interval and by {@code arca fixity replicate}.
 */
@Singleton
@Requires(beans = Replication.class)
public class ReplicaCatchUp implements JobHandler {
  public static final String KIND = "fixity-replica-catch-up";
  public static final String KEY = "replica";

  private final Replication replication;

  ReplicaCatchUp(Replication replication) {
    this.replication = replication;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) throws Exception {
    return copyAll().toString();
  }

  /** What one catch-up did. */
  public record Progress(int due, int copied) {
    @Override
    public String toString() {
      return copied + " of " + due + " blobs that must have a copy were copied to the replica";
    }
  }

  public Progress copyAll() throws Exception {
    int due = 0;
    int copied = 0;
    for (String blob : replication.due()) {
      due++;
      copied += replication.copy(Digest.parse(blob)) ? 1 : 0;
    }
    return new Progress(due, copied);
  }

  /** Queues the catch-up with the scrub's interval on every instance; the job table makes one of them run it. */
  @Singleton
  @Requires(beans = Replication.class)
  @Requires(property = "arca.jobs.enabled", notEquals = "false")
  @Requires(property = "arca.fixity.scrub", notEquals = "false")
  static class Schedule {
    private final JobQueue jobs;

    Schedule(JobQueue jobs) {
      this.jobs = jobs;
    }

    @Scheduled(fixedDelay = "${arca.fixity.interval:1h}", initialDelay = "1m")
    void queue() {
      jobs.enqueue(KIND, KEY, null, true);
    }
  }
}
