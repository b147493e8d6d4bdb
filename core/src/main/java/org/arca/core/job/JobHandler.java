package org.arca.core.job;

/**
 * Runs the jobs of one kind. The registry calls {@link #run} on a bounded worker pool; an exception makes the job
 * retry later with backoff, until {@link #maxAttempts}; a {@link PermanentJobFailure} fails it at once.
 */
public interface JobHandler {

  /** The kind of job this handler runs, e.g. {@code sif-conversion}. */
  String kind();

  /** How many jobs of this kind one instance runs at the same time. */
  default int concurrency() {
    return 1;
  }

  default int maxAttempts() {
    return 5;
  }

  /**
   * Does the work.
   *
   * @return a short result to record (e.g. the digest produced), or null
   */
  String run(String key, String payload) throws Exception;
}
