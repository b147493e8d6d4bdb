package org.arca.registry.gc;

import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.arca.core.Digest;
import org.arca.core.job.JobHandler;
import org.arca.core.registry.PinnedContent;
import org.arca.registry.config.RegistryConfiguration;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;
import org.arca.registry.preservation.JdbcProvenanceStore;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.upload.UploadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online mark and sweep of what nothing references, while the registry takes pushes.
 *
 * <p>Marked for removal: links of a blob to a repository where no manifest references it, then blobs that no
 * repository links and no manifest in any repository references, both only when older than the grace period and
 * never when a {@link PinnedContent} feature pins them; expired upload sessions; blob files the database has no
 * row for (left by a crash); and provenance records whose image is no longer in its repository (a delete drops them
 * through the event log; these are what was left before it did, or whose event never arrived).
 *
 * <p>Each removal is its own transaction that locks the row and checks again that it is still unreferenced; pushes
 * lock the same rows (a commit its blob row, a manifest put the links it references), so either the push wins and the
 * blob stays, or the collector wins and the push is told to send the blob again. A blob's row is deleted first,
 * with a mark in {@code gc_sweep}, and its bytes after that commit: killed in between, the next run finishes the
 * bytes, and no row ever outlives its bytes.
 *
 * <p>A dry run only runs the mark queries, in read transactions: it is a separate path that writes nothing but its
 * own history row.
 */
@Singleton
class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  private static final int FILE_BATCH = 500;
  private static final int SWEEP_BATCH = 100;
  /** The order in which the database locks rows by digest ({@code ORDER BY digest}): both hex after "sha256:". */
  private static final Comparator<Digest> DIGEST_ORDER = Comparator.comparing(Digest::toString);

  private final Database database;
  private final GcStore store;
  private final MetadataStore metadata;
  private final BlobStorage blobs;
  private final UploadService uploads;
  private final List<PinnedContent> pins;
  private final RegistryConfiguration registry;
  private final Optional<JdbcProvenanceStore> provenance;
  private final BeanProvider<JobHandler> jobHandlers;
  private final Clock clock;

  GarbageCollector(Database database, GcStore store, MetadataStore metadata, BlobStorage blobs,
      UploadService uploads, List<PinnedContent> pins, RegistryConfiguration registry,
      Optional<JdbcProvenanceStore> provenance, BeanProvider<JobHandler> jobHandlers, Clock clock) {
    this.database = database;
    this.store = store;
    this.metadata = metadata;
    this.blobs = blobs;
    this.uploads = uploads;
    this.pins = List.copyOf(pins);
    this.registry = registry;
    this.provenance = provenance;
    // looked up when a run starts: the run itself is a job, so its handler needs this collector first
    this.jobHandlers = jobHandlers;
    this.clock = clock;
  }

  /** What a run would remove now, removing nothing. */
  GcRun.Tally plan(Duration gracePeriod) throws IOException {
    Instant cutoff = clock.instant().minus(gracePeriod);
    Set<Digest> pinned = pinned();
    long linkCount = database.read(c -> store.unreferencedLinks(c, cutoff)).stream()
        .filter(link -> !pinned.contains(link.digest()))
        .count();
    long blobCount = 0;
    long bytes = 0;
    long pinnedCount = 0;
    for (GcStore.Collectable blob : database.read(c -> store.collectableBlobs(c, cutoff))) {
      if (!pinned.contains(blob.digest())) {
        blobCount++;
        bytes += blob.size();
      } else if (!blob.linked()) {
        // a pinned blob's links stay, so only one linked nowhere already counts as kept
        pinnedCount++;
      }
    }
    long uploadCount = database.read(c -> metadata.uploadsUpdatedBefore(c,
        clock.instant().minus(registry.uploadMaxAge()))).size();
    long files = filesWithoutRow(null, 0, null);
    long provenanceRows = provenance.map(p -> p.forgetOrphans(cutoff, true)).orElse(0);
    long jobs = jobsOfImagesGone(cutoff, true);
    return new GcRun.Tally(blobCount, bytes, linkCount, uploadCount, files, pinnedCount, provenanceRows, jobs);
  }

  /** Collects, holding {@code lease}; records the tallies on run {@code runId} as it goes. */
  GcRun.Tally collect(long runId, Duration gracePeriod, GcLease lease) throws IOException {
    Instant cutoff = clock.instant().minus(gracePeriod);
    long blobsDeleted = 0;
    long bytes = 0;
    long linksRemoved = 0;
    long pinnedKept = 0;

    finishInterruptedSweeps();
    long uploadsPurged = uploads.purgeAbandoned();

    Set<Digest> pinned = pinned();
    // grouped by repository, in digest order, so that each batch locks a repository's links in one statement
    Map<Long, TreeSet<Digest>> links = new TreeMap<>();
    for (GcStore.Link link : database.read(c -> store.unreferencedLinks(c, cutoff))) {
      if (!pinned.contains(link.digest())) {
        links.computeIfAbsent(link.repositoryId(), id -> new TreeSet<>(DIGEST_ORDER)).add(link.digest());
      }
    }
    // about SWEEP_BATCH links per transaction, several repositories' together: each commit costs a disk flush
    List<List<Map.Entry<Long, List<Digest>>>> transactions = new ArrayList<>();
    List<Map.Entry<Long, List<Digest>>> transaction = new ArrayList<>();
    int inTransaction = 0;
    for (Map.Entry<Long, TreeSet<Digest>> repository : links.entrySet()) {
      for (List<Digest> batch : batches(List.copyOf(repository.getValue()))) {
        transaction.add(Map.entry(repository.getKey(), batch));
        inTransaction += batch.size();
        if (inTransaction >= SWEEP_BATCH) {
          transactions.add(transaction);
          transaction = new ArrayList<>();
          inTransaction = 0;
        }
      }
    }
    transactions.add(transaction);
    for (List<Map.Entry<Long, List<Digest>>> batch : transactions) {
      lease.renew();
      linksRemoved += database.write(c -> {
        long removed = 0;
        for (Map.Entry<Long, List<Digest>> repositoryLinks : batch) {
          removed += store.unlinkIfUnreferenced(c, repositoryLinks.getKey(), repositoryLinks.getValue(), cutoff);
        }
        return removed;
      });
    }
    GcRun.Tally progress = new GcRun.Tally(0, 0, linksRemoved, uploadsPurged, 0, 0, 0, 0);
    database.write(c -> {
      store.record(c, runId, progress, GcRun.RUNNING, null, null);
      return null;
    });

    List<Digest> candidates = new ArrayList<>();
    for (GcStore.Blob blob : database.read(c -> store.unreferencedBlobs(c, cutoff))) {
      if (pinned.contains(blob.digest())) {
        pinnedKept++;
      } else {
        candidates.add(blob.digest());
      }
    }
    candidates.sort(DIGEST_ORDER);
    for (List<Digest> batch : batches(candidates)) {
      lease.renew();
      Instant now = clock.instant();
      // Each row is locked and checked again; one that a push referenced or linked meanwhile stays (the push won).
      Map<Digest, Long> deleted = database.write(c -> store.deleteRowsIfUnreferenced(c, batch, cutoff, runId, now));
      deleteBytes(deleted.keySet());
      blobsDeleted += deleted.size();
      bytes += deleted.values().stream().mapToLong(Long::longValue).sum();
      GcRun.Tally sofar = new GcRun.Tally(blobsDeleted, bytes, linksRemoved, uploadsPurged, 0, pinnedKept, 0, 0);
      database.write(c -> {
        store.record(c, runId, sofar, GcRun.RUNNING, null, null);
        return null;
      });
    }
    lease.renew();
    long files = filesWithoutRow(pinned, runId, lease);
    long provenanceRows = provenance.map(p -> p.forgetOrphans(cutoff, false)).orElse(0);
    long jobs = jobsOfImagesGone(cutoff, false);
    GcRun.Tally tally = new GcRun.Tally(blobsDeleted, bytes, linksRemoved, uploadsPurged, files, pinnedKept,
        provenanceRows, jobs);
    LOG.info("garbage collection run {}: {} blobs ({} bytes), {} links, {} uploads, {} files without a row, {}"
        + " provenance records and {} jobs of deleted manifests removed; {} pinned blobs kept", runId, blobsDeleted,
        bytes, linksRemoved, uploadsPurged, files, provenanceRows, jobs, pinnedKept);
    return tally;
  }

  /**
   * Jobs (conversions) of images that no repository holds any more, not running and untouched for the grace period:
   * counted, or deleted. Each is checked again in the transaction that deletes it; an image pushed again later
   * queues its job anew.
   */
  private long jobsOfImagesGone(Instant cutoff, boolean dryRun) {
    long count = 0;
    for (JobHandler handler : jobHandlers.stream().toList()) {
      List<GcStore.Job> idle = database.read(c -> store.idleJobs(c, handler.kind(), cutoff)).stream()
          .filter(job -> handler.subject(job.key()).isPresent())
          .toList();
      for (List<GcStore.Job> batch : batches(idle)) {
        count += dryRun
            ? database.read(c -> {
              long gone = 0;
              for (GcStore.Job job : batch) {
                gone += store.holdsManifest(c, handler.subject(job.key()).orElseThrow()) ? 0 : 1;
              }
              return gone;
            })
            : database.write(c -> {
              long removed = 0;
              for (GcStore.Job job : batch) {
                if (!store.holdsManifest(c, handler.subject(job.key()).orElseThrow())
                    && store.deleteIdleJob(c, job.id(), cutoff)) {
                  removed++;
                }
              }
              return removed;
            });
      }
    }
    return count;
  }

  /** Deletes the bytes of blobs whose rows a run deleted before it died. */
  private void finishInterruptedSweeps() throws IOException {
    for (List<Digest> batch : batches(database.read(store::sweeping))) {
      deleteBytes(batch);
    }
  }

  /** Deletes blobs' bytes, their rows already gone, then the marks that said so. */
  private void deleteBytes(Collection<Digest> digests) throws IOException {
    blobs.deleteAll(digests);
    database.write(c -> {
      store.unmarkSweeping(c, digests);
      return null;
    });
  }

  /** Removals go in transactions of {@value #SWEEP_BATCH}: each commit costs a disk flush. */
  private static <T> List<List<T>> batches(List<T> items) {
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < items.size(); from += SWEEP_BATCH) {
      batches.add(items.subList(from, Math.min(items.size(), from + SWEEP_BATCH)));
    }
    return batches;
  }

  /**
   * Counts the stored blob files without a row; when {@code pinned} is given (a real run), deletes those that are
   * not pinned.
   */
  private long filesWithoutRow(Set<Digest> pinned, long runId, GcLease lease) throws IOException {
    long[] count = {0};
    List<Digest> batch = new ArrayList<>(FILE_BATCH);
    try {
      blobs.forEach(digest -> {
        batch.add(digest);
        if (batch.size() == FILE_BATCH) {
          if (lease != null) {
            lease.renew();
          }
          count[0] += sweepFiles(batch, pinned, runId);
          batch.clear();
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    count[0] += sweepFiles(batch, pinned, runId);
    return count[0];
  }

  private long sweepFiles(List<Digest> batch, Set<Digest> pinned, long runId) {
    if (batch.isEmpty()) {
      return 0;
    }
    Set<Digest> recorded = database.read(c -> store.recorded(c, batch));
    long count = 0;
    List<Digest> unrecorded = new ArrayList<>();
    for (Digest digest : batch) {
      if (recorded.contains(digest)) {
        continue;
      }
      if (pinned == null) {
        count++;
        continue;
      }
      if (pinned.contains(digest)) {
        continue;
      }
      unrecorded.add(digest);
    }
    if (unrecorded.isEmpty()) {
      return count;
    }
    Instant now = clock.instant();
    List<Digest> marked = database.write(c -> {
      List<Digest> rows = new ArrayList<>();
      for (Digest digest : unrecorded) {
        if (store.markFileWithoutRow(c, digest, runId, now)) {
          rows.add(digest);
        }
      }
      return rows;
    });
    try {
      deleteBytes(marked);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return count + marked.size();
  }

  /** Every digest a feature pins, asked once per run. */
  private Set<Digest> pinned() {
    Set<Digest> pinned = new HashSet<>();
    pins.forEach(p -> pinned.addAll(p.pinned()));
    return pinned;
  }
}
