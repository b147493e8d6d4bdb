package org.arca.core.job;

/** Where a background job stands. */
public enum JobState {
  /** Waiting for a worker, or for its retry time after a failed attempt. */
  QUEUED,
  /** A worker holds it. */
  RUNNING,
  /** Finished; its result is recorded. */
  DONE,
  /** Gave up after its last attempt, or on a failure that retrying cannot fix; the error says why. */
  FAILED
}
