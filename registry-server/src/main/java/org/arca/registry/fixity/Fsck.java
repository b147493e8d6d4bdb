package org.arca.registry.fixity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.registry.metadata.Database;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.UploadStorage;

/**
 * Checks that the database and the stored bytes agree: every recorded blob has its bytes with the recorded size (and,
 * deep, its digest), every blob a manifest references is recorded, and no stored bytes are unaccounted for. With
 * repair it removes what is safe to remove (bytes without a row and upload files without an upload, both older than
 * the grace period, so that a commit or upload in flight is left alone) and reports the rest, quarantined blobs
 * included: they stay a problem until they are repaired.
 */
@Singleton
public class Fsck {
  static final String AGENT = "arca fsck";
  /** Stored bytes and upload files younger than this are left alone: a commit or upload may be in flight. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);
  private static final int PAGE = 500;

  private final Database database;
  private final FixityStore store;
  private final BlobStorage blobs;
  private final UploadStorage uploads;
  private final BlobVerifier verifier;
  private final Quarantine quarantine;
  private final Clock clock;

  public Fsck(Database database, FixityStore store, BlobStorage blobs, UploadStorage uploads, BlobVerifier verifier,
      Quarantine quarantine, Clock clock) {
    this.database = database;
    this.store = store;
    this.blobs = blobs;
    this.uploads = uploads;
    this.verifier = verifier;
    this.quarantine = quarantine;
    this.clock = clock;
  }

  /** What an fsck run does. */
  public record Options(boolean deep, boolean repair, Duration grace) {}

  /** One thing found: its kind, what it concerns, in words, and whether the repair removed it. */
  @Serdeable
  public record Problem(String kind, String subject, String detail, boolean repaired) {}

  /** What a run found. {@code clean} is true when no problem is left. */
  @Serdeable
  public record Report(boolean clean, long blobsChecked, long bytesHashed, boolean deep,
      @JsonInclude(JsonInclude.Include.ALWAYS) List<Problem> problems) {}

  public Report run(Options options) throws IOException {
    List<Problem> problems = new ArrayList<>();
    long checked = 0;
    long hashed = 0;
    for (String[] ref : database.read(store::referencesWithoutBlob)) {
      problems.add(new Problem("missing-blob", ref[0] + "@" + ref[1], "manifest " + ref[1] + " of " + ref[0]
          + " references blob " + ref[2] + ", which is not recorded", false));
    }
    String after = null;
    for (List<FixityStore.BlobRow> page; !(page = page(after)).isEmpty(); after = page.get(page.size() - 1)
        .digest().toString()) {
      for (FixityStore.BlobRow row : page) {
        checked++;
        Check check = options.deep() ? verifier.verify(row.digest(), row.size())
            : verifier.checkSize(row.digest(), row.size());
        if (check.outcome() == Outcome.MISSING
            && !database.read(c -> store.blobRecorded(c, row.digest().toString()))) {
          continue; // garbage collection removed it since the page was read: gone, not lost
        }
        if (options.deep() && check.outcome() != Outcome.MISSING) {
          hashed += row.size();
        }
        if (options.deep() || check.outcome().failed()) {
          quarantine.record(check, AGENT); // a size check alone is no fixity check, unless it failed
        }
        if (check.outcome().failed()) {
          problems.add(new Problem(check.outcome().wireName(), row.digest().toString(), check.detail(), false));
        }
      }
    }
    java.util.Set<String> found = new java.util.HashSet<>();
    problems.forEach(p -> found.add(p.subject()));
    for (FixityStore.Quarantined q : quarantine.all()) {
      if (!found.contains(q.digest())) {
        problems.add(new Problem("quarantined", q.digest(), "blob " + q.digest() + " is withheld since " + q.since()
            + " (" + q.agent() + "): " + q.reason(), false));
      }
    }
    Instant cutoff = clock.instant().minus(options.grace());
    List<Digest> stored = new ArrayList<>();
    blobs.forEach(stored::add);
    for (Digest digest : stored) {
      if (database.read(c -> store.blobRecorded(c, digest.toString()))) {
        continue;
      }
      Optional<Instant> modified = modified(blobs.localFile(digest));
      boolean old = modified.isPresent() && modified.get().isBefore(cutoff);
      boolean repaired = false;
      // checked again just before deleting: a commit may have recorded the blob meanwhile
      if (options.repair() && old && !database.read(c -> store.blobRecorded(c, digest.toString()))) {
        blobs.delete(digest);
        repaired = true;
      }
      problems.add(new Problem("orphan-bytes", digest.toString(), "blob " + digest + " is stored but not recorded"
          + (repaired ? "; removed" : old || modified.isEmpty() ? "" : "; younger than the grace period "
          + options.grace() + ", so perhaps a commit in flight"), repaired));
    }
    java.util.Set<String> oldUploads = new java.util.HashSet<>(uploads.modifiedBefore(cutoff));
    for (String id : uploads.modifiedBefore(clock.instant())) {
      if (database.read(c -> store.uploadRecorded(c, id))) {
        continue;
      }
      boolean old = oldUploads.contains(id);
      boolean repaired = false;
      if (options.repair() && old && !database.read(c -> store.uploadRecorded(c, id))) {
        uploads.cancel(id);
        repaired = true;
      }
      problems.add(new Problem("orphan-upload", id, "upload file " + id + " has no upload"
          + (repaired ? "; removed" : old ? "" : "; younger than the grace period " + options.grace()
          + ", so perhaps an upload in flight"), repaired));
    }
    boolean clean = problems.stream().allMatch(Problem::repaired);
    return new Report(clean, checked, hashed, options.deep(), problems);
  }

  private List<FixityStore.BlobRow> page(String after) {
    return database.read(c -> store.blobsAfter(c, after, PAGE));
  }

  private static Optional<Instant> modified(Optional<Path> file) throws IOException {
    if (file.isEmpty()) {
      return Optional.empty(); // a remote store: its bytes are left to garbage collection
    }
    try {
      return Optional.of(Files.getLastModifiedTime(file.get()).toInstant());
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
  }
}
