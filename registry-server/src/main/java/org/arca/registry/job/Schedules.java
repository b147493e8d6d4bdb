package org.arca.registry.job;

import io.micronaut.scheduling.cron.CronExpression;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When scheduled work is due: garbage collection ({@code arca.gc.schedule}) and retention policies. A schedule is an
 * interval ({@code 24h}, {@code 30m}, {@code 7d}, ISO-8601 {@code PT6H}) or a cron expression with seconds
 * ({@code 0 0 3 * * *}: seconds, minutes, hours, day of month, month, day of week), in UTC.
 */
public final class Schedules {
  private Schedules() {}

  /**
   * Whether a run is due at {@code now} under {@code schedule}, the last one at {@code last} (null: never, and then a
   * cron schedule looks back one day).
   */
  public static boolean isDue(String schedule, Instant last, Instant now) {
    Optional<Duration> interval = interval(schedule);
    if (interval.isPresent()) {
      return last == null || !last.plus(interval.get()).isAfter(now);
    }
    ZonedDateTime from = (last == null ? now.minus(Duration.ofDays(1)) : last).atZone(ZoneOffset.UTC);
    ZonedDateTime next = CronExpression.create(schedule).nextTimeAfter(from);
    return next != null && !next.toInstant().isAfter(now);
  }

  /** {@code 24h}, {@code 30m}, {@code 90s}, {@code 7d}, or ISO-8601 ({@code PT6H}); empty for anything else. */
  public static Optional<Duration> interval(String schedule) {
    String text = schedule.trim();
    try {
      if (text.startsWith("P") || text.startsWith("p")) {
        return Optional.of(Duration.parse(text));
      }
      if (text.matches("\\d+[smhd]")) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return Optional.of(switch (text.charAt(text.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        });
      }
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /**
   * The schedule, checked; throws {@link IllegalArgumentException} with a message a person understands when it is
   * neither an interval nor a cron expression.
   */
  public static String check(String schedule) {
    String text = schedule.trim();
    if (interval(text).isPresent()) {
      return text;
    }
    try {
      if (text.split("\\s+").length == 6 && CronExpression.create(text).nextTimeAfter(ZonedDateTime.now(
          ZoneOffset.UTC)) != null) {
        return text;
      }
    } catch (RuntimeException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("\"" + schedule + "\" is not a schedule; write an interval (24h, 30m, 7d)"
        + " or a cron expression with seconds, in UTC (\"0 0 3 * * *\" is every day at 03:00)");
  }
}
