package org.arca.registry.fixity;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.arca.core.job.JobHandler;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-hashes the stored blobs on a rotation, so that every blob is checked once per {@code arca.fixity.cycle}. Each
 * run (a job, so one instance runs it at a time and another takes over when one dies) checks its share of the stored
 * bytes, {@code interval / cycle} of them, in digest order from where the last run stopped, reading no faster than
 * {@code arca.fixity.bandwidth}. The position is saved after every blob, so a restart loses nothing. With a replica
 * configured, a blob that fails is repaired from its copies at once, and the replica's copy of a blob that passes is
 * re-hashed too.
 */
@Singleton
public class Scrub implements JobHandler {
  public static final String KIND = "fixity-scrub";
  public static final String KEY = "rotation";
  static final String AGENT = "arca scrub";
  private static final int PAGE = 200;
  private static final Logger LOG = LoggerFactory.getLogger(Scrub.class);

  private final Database database;
  private final FixityStore store;
  private final BlobVerifier verifier;
  private final Quarantine quarantine;
  private final FixityConfiguration config;
  private final Clock clock;
  private final Repair repair;
  private final Replication replication;

  public Scrub(Database database, FixityStore store, BlobVerifier verifier, Quarantine quarantine,
      FixityConfiguration config, Clock clock, Repair repair, @Nullable Replication replication) {
    this.repair = repair;
    this.replication = replication;
    this.database = database;
    this.store = store;
    this.verifier = verifier;
    this.quarantine = quarantine;
    this.config = config;
    this.clock = clock;
  }

  /** What one run did. */
  public record Progress(int blobs, long bytes, int failed, boolean cycleCompleted) {
    @Override
    public String toString() {
      return "checked " + blobs + " blobs (" + bytes + " bytes), " + failed + " failed"
          + (cycleCompleted ? "; a cycle completed" : "");
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) throws Exception {
    long stored = database.read(store::recordedBytes);
    double share = (double) config.interval().toMillis() / Math.max(1, config.cycle().toMillis());
    return checkNext((long) Math.ceil(stored * Math.min(1.0, share)), config.bandwidth()).toString();
  }

  /**
   * Checks blobs from where the rotation stands until about {@code budget} bytes were read or the cycle ends,
   * reading at most {@code bytesPerSecond} (0: unthrottled).
   */
  public Progress checkNext(long budget, long bytesPerSecond) throws IOException, InterruptedException {
    Throttle throttle = new Throttle(bytesPerSecond);
    Instant now = clock.instant();
    FixityStore.Cursor cursor = database.read(c -> store.cursor(c, KEY))
        .orElse(new FixityStore.Cursor(null, now));
    int blobs = 0;
    int failed = 0;
    long bytes = 0;
    while (true) {
      String after = cursor.lastDigest();
      List<FixityStore.BlobRow> page = database.read(c -> store.blobsAfter(c, after, PAGE));
      if (page.isEmpty()) {
        // the end of the store: the next run starts a new cycle from the first digest
        save(new FixityStore.Cursor(null, clock.instant()));
        return new Progress(blobs, bytes, failed, true);
      }
      for (FixityStore.BlobRow row : page) {
        if (bytes >= budget && blobs > 0) {
          return new Progress(blobs, bytes, failed, false);
        }
        Check check = verifier.verify(row.digest(), row.size(), throttle);
        if (check.outcome() == Outcome.MISSING
            && !database.read(c -> store.blobRecorded(c, row.digest().toString()))) {
          continue; // garbage collection removed it since the page was read: gone, not lost
        }
        quarantine.record(check, AGENT);
        try {
          if (check.outcome().failed() && repair.replicaConfigured()) {
            repair.repair(row.digest(), AGENT); // a failed repair leaves the blob quarantined, saying why in the log
          } else if (replication != null) {
            replication.checkCopy(row.digest(), row.size(), throttle);
          }
        } catch (IOException e) {
          // the replica unreachable: the rotation goes on, and the next cycle (or arca fixity repair) tries again
          LOG.warn("scrub: the replica could not be used for blob {}: {}", row.digest(), e.toString());
        }
        blobs++;
        bytes += row.size();
        failed += check.outcome().failed() ? 1 : 0;
        cursor = new FixityStore.Cursor(row.digest().toString(), cursor.cycleStartedAt());
        save(cursor);
      }
    }
  }

  private void save(FixityStore.Cursor cursor) {
    database.write(c -> {
      store.saveCursor(c, KEY, cursor, clock.instant());
      return null;
    });
  }
}
