package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A schedule ({@code arca.gc.schedule}, a retention policy's): an interval or a cron expression, due relative to the
 * last run.
 */
class SchedulesTest {
  private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

  @Test
  void interval_parsesShortAndIsoForms_andRejectsCron() {
    assertEquals(Optional.of(Duration.ofHours(24)), Schedules.interval("24h"));
    assertEquals(Optional.of(Duration.ofMinutes(30)), Schedules.interval("30m"));
    assertEquals(Optional.of(Duration.ofDays(7)), Schedules.interval("7d"));
    assertEquals(Optional.of(Duration.ofHours(6)), Schedules.interval("PT6H"));
    assertEquals(Optional.empty(), Schedules.interval("0 0 3 * * *"));
  }

  @Test
  void isDue_interval_dueOnceTheIntervalHasPassedSinceTheLastRun() {
    assertTrue(Schedules.isDue("24h", null, NOON));
    assertFalse(Schedules.isDue("24h", NOON.minus(Duration.ofHours(23)), NOON));
    assertTrue(Schedules.isDue("24h", NOON.minus(Duration.ofHours(24)), NOON));
  }

  @Test
  void isDue_cron_dueWhenAFireTimeLiesBetweenTheLastRunAndNow() {
    assertTrue(Schedules.isDue("0 0 3 * * *", Instant.parse("2026-12-06T03:00:05Z"), NOON));
    assertFalse(Schedules.isDue("0 0 3 * * *", Instant.parse("2026-12-07T03:00:05Z"), NOON));
  }

  @Test
  void check_acceptsIntervalsAndSixFieldCron_andExplainsAnythingElse() {
    assertEquals("24h", Schedules.check(" 24h "));
    assertEquals("0 0 3 * * *", Schedules.check("0 0 3 * * *"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Schedules.check("nightly"));
    assertTrue(bad.getMessage().contains("\"0 0 3 * * *\" is every day at 03:00"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Schedules.check("0 3 * * *"));
  }
}
