package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The job runner: results, retries with backoff, permanent failures, deduplication, re-runs and restarts. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobRunnerTest implements TestPropertyProvider {
  @Inject
  JobQueue queue;

  @Override
  public Map<String, String> getProperties() {
    return fastJobs(TestDatabases.h2());
  }

  static Map<String, String> fastJobs(Map<String, String> base) {
    Map<String, String> properties = new HashMap<>(base);
    properties.put("arca.test.jobs", "true");
    properties.put("arca.jobs.poll-interval", "100ms");
    properties.put("arca.jobs.retry-backoff", "50ms");
    return properties;
  }

  private JobStatus awaitFinished(JobQueue jobs, String key) {
    Await.until(Duration.ofSeconds(30), "job " + key + " to finish", () -> {
      JobState state = jobs.status(TestJobs.KIND, key).orElseThrow().state();
      return state == JobState.DONE || state == JobState.FAILED;
    });
    return jobs.status(TestJobs.KIND, key).orElseThrow();
  }

  @Test
  void job_runsAndRecordsItsResult() {
    queue.enqueue(TestJobs.KIND, "a", "ok", false);
    JobStatus done = awaitFinished(queue, "a");
    assertEquals(JobState.DONE, done.state());
    assertEquals("done a on attempt 1", done.result());
    assertEquals(1, done.attempts());
  }

  @Test
  void failingJob_isRetriedWithBackoffUntilItWorks() {
    queue.enqueue(TestJobs.KIND, "b", "fail-twice", false);
    JobStatus done = awaitFinished(queue, "b");
    assertEquals(JobState.DONE, done.state());
    assertEquals(3, done.attempts());
  }

  @Test
  void permanentFailure_failsAtOnceWithItsReason() {
    queue.enqueue(TestJobs.KIND, "c", "permanent", false);
    JobStatus failed = awaitFinished(queue, "c");
    assertEquals(JobState.FAILED, failed.state());
    assertEquals(1, failed.attempts());
    assertEquals("the image of c cannot be read", failed.error());
  }

  @Test
  void jobThatNeverWorks_failsAfterItsLastAttempt() {
    queue.enqueue(TestJobs.KIND, "d", "always", false);
    JobStatus failed = awaitFinished(queue, "d");
    assertEquals(JobState.FAILED, failed.state());
    assertEquals(3, failed.attempts());
    assertTrue(failed.error().contains("never works"), failed.error());
  }

  @Test
  void enqueueingAgain_doesNotDuplicateUnlessAskedToRunAgain() {
    JobStatus first = queue.enqueue(TestJobs.KIND, "e", "ok", false);
    awaitFinished(queue, "e");
    JobStatus same = queue.enqueue(TestJobs.KIND, "e", "ok", false);
    assertEquals(first.id(), same.id());
    assertEquals(JobState.DONE, same.state());
    queue.enqueue(TestJobs.KIND, "e", "ok", true);
    JobStatus rerun = awaitFinished(queue, "e");
    assertEquals("done e on attempt 2", rerun.result());
    assertEquals(1, queue.list(TestJobs.KIND, null, "e", 10).size());
  }

  @Test
  void queuedJob_survivesARestart() {
    Map<String, String> properties = fastJobs(TestDatabases.h2());
    Map<String, String> stopped = new HashMap<>(properties);
    stopped.put("arca.jobs.enabled", "false");
    try (ApplicationContext first = ApplicationContext.run(new HashMap<String, Object>(stopped), "test")) {
      first.getBean(JobQueue.class).enqueue(TestJobs.KIND, "f", "ok", false);
      assertEquals(JobState.QUEUED, first.getBean(JobQueue.class).status(TestJobs.KIND, "f").orElseThrow().state());
    }
    try (ApplicationContext second = ApplicationContext.run(new HashMap<String, Object>(properties), "test")) {
      JobStatus done = awaitFinished(second.getBean(JobQueue.class), "f");
      assertEquals(JobState.DONE, done.state());
    }
  }
}
