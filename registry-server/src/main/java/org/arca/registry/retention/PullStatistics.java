package org.arca.registry.retention;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last-pulled time and pull count per manifest and per tag, for retention rules that keep what is used. A manifest
 * GET only adds to a counter in memory; a timer adds the counts to the database every few seconds, all in one
 * transaction, and once more at shutdown, so pulls never wait on a database write. A HEAD is not a pull: clients
 * (docker, containerd) send one before every GET and before every push, so counting it would count a push as a pull.
 */
@Singleton
public class PullStatistics {
  private static final Logger LOG = LoggerFactory.getLogger(PullStatistics.class);

  private final Database database;
  private final Clock clock;
  private final ConcurrentHashMap<Key, Count> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;

  /** A repository and a tag or digest (a tag cannot contain ':', so the two never collide). */
  record Key(String repository, String reference) {}

  record Count(long pulls, Instant last) {
    Count plus(Count other) {
      return new Count(pulls + other.pulls, last.isAfter(other.last) ? last : other.last);
    }
  }

  /** What the database holds for one tag or manifest. */
  public record PullStat(Instant lastPulledAt, long pullCount) {}

  public PullStatistics(Database database, Clock clock, RetentionConfiguration config) {
    this.database = database;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "pull-statistics");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(1, config.pullFlushInterval().toMillis());
    timer.scheduleWithFixedDelay(this::flushQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Counts one pull of {@code served}, asked for by {@code reference} (a tag, or the digest itself). */
  public void pulled(RepositoryName repository, String reference, Digest served) {
    Count one = new Count(1, clock.instant());
    pending.merge(new Key(repository.value(), served.toString()), one, Count::plus);
    if (!reference.contains(":")) {
      pending.merge(new Key(repository.value(), reference), one, Count::plus);
    }
  }

  /** Adds the counts gathered so far to the database, in one transaction; those that fail are kept for the next. */
  public synchronized void flush() {
    Map<Key, Count> batch = new HashMap<>();
    for (Key key : List.copyOf(pending.keySet())) {
      Count count = pending.remove(key);
      if (count != null) {
        batch.put(key, count);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      database.write(c -> {
        try (PreparedStatement update = c.prepareStatement("UPDATE pull_stat SET pull_count = pull_count + ?,"
                + " last_pulled_at = CASE WHEN last_pulled_at < ? THEN ? ELSE last_pulled_at END"
                + " WHERE repository = ? AND reference = ?");
            PreparedStatement insert = c.prepareStatement("INSERT INTO pull_stat (repository, reference,"
                + " last_pulled_at, pull_count) VALUES (?, ?, ?, ?)")) {
          List<Map.Entry<Key, Count>> missing = new ArrayList<>();
          for (Map.Entry<Key, Count> entry : batch.entrySet()) {
            OffsetDateTime last = entry.getValue().last().atOffset(ZoneOffset.UTC);
            update.setLong(1, entry.getValue().pulls());
            update.setObject(2, last);
            update.setObject(3, last);
            update.setString(4, entry.getKey().repository());
            update.setString(5, entry.getKey().reference());
            if (update.executeUpdate() == 0) {
              missing.add(entry);
            }
          }
          for (Map.Entry<Key, Count> entry : missing) {
            insert.setString(1, entry.getKey().repository());
            insert.setString(2, entry.getKey().reference());
            insert.setObject(3, entry.getValue().last().atOffset(ZoneOffset.UTC));
            insert.setLong(4, entry.getValue().pulls());
            insert.addBatch();
          }
          if (!missing.isEmpty()) {
            insert.executeBatch();
          }
        }
        return null;
      });
    } catch (RuntimeException e) {
      batch.forEach((key, count) -> pending.merge(key, count, Count::plus));
      throw e;
    }
  }

  /** The flushed statistics of every tag and manifest of a repository, by tag or digest. */
  public Map<String, PullStat> of(RepositoryName repository) {
    return database.read(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT reference, last_pulled_at, pull_count FROM pull_stat WHERE repository = ?")) {
        s.setString(1, repository.value());
        Map<String, PullStat> stats = new HashMap<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            stats.put(r.getString(1),
                new PullStat(r.getObject(2, OffsetDateTime.class).toInstant(), r.getLong(3)));
          }
        }
        return stats;
      }
    });
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not record pull statistics, keeping them for the next try: {}", e.getMessage());
    }
  }

  @PreDestroy
  void close() {
    timer.shutdown();
    flushQuietly();
  }
}
