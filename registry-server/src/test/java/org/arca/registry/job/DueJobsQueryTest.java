package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.job.JobState;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The runner's question "which jobs are due?" stays cheap as finished jobs pile up: it is asked after every enqueue
 * and every finished job, and with one query joined by {@code OR} H2 read every job of the kinds asked for (in a
 * manifest PUT benchmark, the job timer took more CPU than the PUTs' own database work).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DueJobsQueryTest implements TestPropertyProvider {
  private static final int FINISHED = 500;
  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");
  private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

  @Inject
  Database database;

  @Inject
  JobStore store;

  private long queued;
  private long abandoned;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2();
    properties.put("arca.jobs.enabled", "false"); // this test moves the rows itself
    return properties;
  }

  @BeforeAll
  void manyFinishedJobsOneDueAndOneAbandoned() {
    Instant earlier = NOW.minus(Duration.ofHours(1));
    database.write(c -> {
      for (int i = 0; i < FINISHED; i++) {
        store.insert(c, "k", "finished-" + i, null, earlier);
      }
      for (long id : store.due(c, List.of("k"), earlier, FINISHED)) {
        store.claim(c, id, "old", earlier, earlier.plusSeconds(30));
        store.finish(c, id, "old", id % 2 == 0 ? JobState.DONE : JobState.FAILED, earlier, null, null, earlier);
      }
      store.insert(c, "k", "abandoned", null, earlier.plusSeconds(1));
      abandoned = store.find(c, "k", "abandoned").orElseThrow().id();
      store.claim(c, abandoned, "dead instance", earlier.plusSeconds(1), earlier.plusSeconds(31));
      store.insert(c, "k", "queued", null, earlier.plusSeconds(2));
      queued = store.find(c, "k", "queued").orElseThrow().id();
      return null;
    });
  }

  @Test
  void due_findsTheQueuedAndTheAbandonedJob_earliestFirst() {
    assertEquals(List.of(abandoned, queued), database.read(c -> store.due(c, List.of("k", "other"), NOW, 8)));
    assertEquals(List.of(abandoned), database.read(c -> store.due(c, List.of("k"), NOW, 1)));
    assertEquals(List.of(), database.read(c -> store.due(c, List.of("other"), NOW, 8)));
  }

  @Test
  void due_readsOnlyTheRowsItReturns_notEveryFinishedJob() {
    assertTrue(rowsRead(JobStore.DUE_QUEUED, JobState.QUEUED) <= 2, "queued jobs: rows read");
    assertTrue(rowsRead(JobStore.DUE_LEASE_EXPIRED, JobState.RUNNING) <= 2, "abandoned jobs: rows read");
  }

  /** H2's own count of the rows a statement read ({@code EXPLAIN ANALYZE}'s scanCount). */
  private int rowsRead(String query, JobState state) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement("EXPLAIN ANALYZE " + JobStore.dueSql(query, 2))) {
        s.setString(1, state.name());
        s.setObject(2, NOW.atOffset(ZoneOffset.UTC));
        s.setString(3, "k");
        s.setString(4, "other");
        s.setInt(5, 8);
        return scanCount(s);
      }
    });
  }

  private static int scanCount(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      r.next();
      Matcher m = SCAN_COUNT.matcher(r.getString(1));
      assertTrue(m.find(), r.getString(1));
      return Integer.parseInt(m.group(1));
    }
  }
}
