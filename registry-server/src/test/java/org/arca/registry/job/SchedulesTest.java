package org.arca.registry.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code arca.gc.schedule}: an interval or a cron expression, due relative to the last run. */
class GcScheduleTest {
  private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void interval_parsesShortAndIsoForms_andRejectsCron() {
    assertEquals(Optional.of(Duration.ofHours(24)), GcRuns.interval("24h"));
    assertEquals(Optional.of(Duration.ofMinutes(30)), GcRuns.interval("30m"));
    assertEquals(Optional.of(Duration.ofDays(7)), GcRuns.interval("7d"));
    assertEquals(Optional.of(Duration.ofHours(6)), GcRuns.interval("PT6H"));
    assertEquals(Optional.empty(), GcRuns.interval("0 0 3 * * *"));
  }

  @Test
  void isDue_interval_dueOnceTheIntervalHasPassedSinceTheLastRun() {
    assertTrue(GcRuns.isDue("24h", null, NOON));
    assertFalse(GcRuns.isDue("24h", NOON.minus(Duration.ofHours(23)), NOON));
    assertTrue(GcRuns.isDue("24h", NOON.minus(Duration.ofHours(24)), NOON));
  }

  @Test
  void isDue_cron_dueWhenAFireTimeLiesBetweenTheLastRunAndNow() {
    assertTrue(GcRuns.isDue("0 0 3 * * *", Instant.parse("2026-12-06T03:00:05Z"), NOON));
    assertFalse(GcRuns.isDue("0 0 3 * * *", Instant.parse("2026-12-07T03:00:05Z"), NOON));
  }
}
