package org.arca.registry.gc;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * One garbage-collection run as the API shows it: what it removed, or for a dry run what it would remove.
 *
 * @param state {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param blobsDeleted blobs whose row and bytes were deleted (a dry run: would be)
 * @param bytesReclaimed their total size
 * @param linksRemoved links of a blob to a repository where no manifest references it
 * @param uploadsPurged upload sessions untouched for longer than the upload age, with their bytes
 * @param filesWithoutRow stored blob files the database knows nothing of (left by a crash), deleted
 * @param blobsPinned unreferenced blobs kept because a feature pins them (a DOI, the restore window)
 * @param provenanceRemoved provenance records of images that no repository holds any more
 * @param jobsRemoved jobs (conversions) of images that no repository holds any more
 */
@Serdeable
public record GcRun(long id, boolean dryRun, String state, String requestedBy, long gracePeriodSeconds,
    Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, long blobsDeleted,
    long bytesReclaimed, long linksRemoved, long uploadsPurged, long filesWithoutRow, long blobsPinned,
    long provenanceRemoved, long jobsRemoved, @Nullable String error) {

  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";

  /** The tallies of a run, as they grow. */
  record Tally(long blobsDeleted, long bytesReclaimed, long linksRemoved, long uploadsPurged, long filesWithoutRow,
      long blobsPinned, long provenanceRemoved, long jobsRemoved) {
    static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0, 0);
  }
}
