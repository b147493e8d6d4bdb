package org.arca.core.job;

import java.util.List;
import java.util.Optional;

/**
 * Durable background jobs, kept in the registry's database so that they survive restarts and run once across
 * instances. Features enqueue work here and implement a {@link JobHandler} that the registry runs.
 */
public interface JobQueue {

  /**
   * Enqueues a job unless one of this kind and key is already queued or running. A finished (done or failed) job
   * is queued again only when {@code again} is true, e.g. when a user asks for a retry or a re-conversion.
   *
   * @return the job as it now stands
   */
  JobStatus enqueue(String kind, String key, String payload, boolean again);

  Optional<JobStatus> status(String kind, String key);

  /** Jobs of one kind, optionally of one state and with keys starting with {@code keyPrefix}; newest first. */
  List<JobStatus> list(String kind, JobState state, String keyPrefix, int limit);
}
