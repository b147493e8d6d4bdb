package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.core.job.JobState;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On H2, the question "which jobs are due?" stays cheap as finished jobs pile up: it is asked after every enqueue and
 * every finished job, and as one query joined by {@code OR} H2 read every job of the kinds asked for (in a manifest
 * PUT benchmark the job timer then took more CPU than the PUTs' own database work).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DueJobsH2Test extends DueJobsContract implements TestPropertyProvider {
  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2();
    properties.put("arca.jobs.enabled", "false"); // the test moves the rows itself
    return properties;
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
