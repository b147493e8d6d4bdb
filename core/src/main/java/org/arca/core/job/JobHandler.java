package org.arca.core.job;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Runs the jobs of one kind. The registry calls {@link #run} on a bounded worker pool; an exception makes the job
 * retry later with backoff, until {@link #maxAttempts}; a {@link PermanentJobFailure} fails it at once.
 */
public interface JobHandler {

  /** The image a job works on. */
  record Subject(RepositoryName repository, Digest digest) {}

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

  /**
   * The image the job of {@code key} works on, if its kind works on one image: garbage collection removes the jobs
   * of images that no repository holds any more.
   */
  default Optional<Subject> subject(String key) {
    return Optional.empty();
  }
}
