package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.registry.storage.FakeDiskSpace;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Jobs wait while the data directory is below its reserve, and start once there is room. On PostgreSQL, so that the
 * job can still be queued while the disk is full (with the embedded database, queueing is a change and is refused).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsWaitForRoomTest implements TestPropertyProvider {
  @Inject
  JobQueue queue;
  @Inject
  FakeDiskSpace disk;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = JobRunnerTest.fastJobs(TestDatabases.postgres());
    properties.put("arca.test.fake-disk", "true");
    properties.put("arca.storage.reserve", "1MB");
    return properties;
  }

  @Test
  void belowReserve_jobWaits_andRunsOnceThereIsRoom() {
    disk.setFree(1000);
    queue.enqueue(TestJobs.KIND, "waits", "ok", false);
    long checks = disk.reserveChecks();
    // ten polls of the runner, each asking about the disk first, none of which may start the job
    Await.until(Duration.ofSeconds(30), "ten polls of the job runner", () -> disk.reserveChecks() >= checks + 10);
    assertEquals(JobState.QUEUED, queue.status(TestJobs.KIND, "waits").orElseThrow().state());

    disk.setFree(Long.MAX_VALUE);
    Await.until(Duration.ofSeconds(30), "the job to run once there is room",
        () -> queue.status(TestJobs.KIND, "waits").orElseThrow().state() == JobState.DONE);
  }
}
