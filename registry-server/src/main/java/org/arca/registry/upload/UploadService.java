package org.arca.registry.upload;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.config.RegistryConfiguration;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;
import org.arca.registry.metadata.UploadRow;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.UploadStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob uploads: sessions, chunks, commit and cross-repository mounts.
 *
 * <p>Bytes are hashed while they stream to disk. The hash state of an upload between chunks stays in memory; after a
 * restart, or on another instance, it is rebuilt by reading the bytes received so far, so no state is lost and a
 * chunked upload needs no hashing twice in the common case.
 *
 * <p>Commit follows distribution's order with rows in place of link files: verify the digest, flush and rename the
 * bytes into place (or drop them when the blob exists), then one transaction records the blob, links it to the
 * repository and ends the upload. A crash between steps leaves an upload that is purged by age or a blob no
 * repository links, never a link to partial content.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#push">push</a>
 */
@Singleton
public class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);
  private static final String DEFAULT_ALGORITHM = "sha256";

  private final Database database;
  private final MetadataStore store;
  private final UploadStorage uploads;
  private final BlobStorage blobs;
  private final RegistryConfiguration config;
  private final Clock clock;
  /** Hash state of uploads between chunks, valid for exactly {@link HashState#offset} bytes. */
  private final ConcurrentHashMap<String, HashState> hashes = new ConcurrentHashMap<>();
  /**
   * Serialises requests on one upload within this instance (striped, so nothing grows with the number of uploads);
   * across instances the recorded size is the guard.
   */
  private final ReentrantLock[] locks = new ReentrantLock[256];

  private record HashState(MessageDigest hasher, long offset) {}

  public UploadService(Database database, MetadataStore store, UploadStorage uploads, BlobStorage blobs,
      RegistryConfiguration config, Clock clock) {
    this.database = database;
    this.store = store;
    this.uploads = uploads;
    this.blobs = blobs;
    this.config = config;
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Opens an upload session. */
  public UploadStatus start(RepositoryName repository) throws IOException {
    String id = UUID.randomUUID().toString();
    uploads.create(id);
    Instant now = clock.instant();
    database.write(c -> {
      store.insertUpload(c, new UploadRow(id, repository, 0, now, now));
      return null;
    });
    return new UploadStatus(id, repository, 0);
  }

  /** Where an upload stands, for {@code GET} of its location. */
  public UploadStatus status(RepositoryName repository, String id) {
    UploadRow row = find(repository, id);
    return new UploadStatus(row.id(), row.repository(), row.size());
  }

  /**
   * Appends one chunk. With a range, the chunk must start where the upload stands (416 otherwise) and be exactly as
   * long as the range says; without one (a streamed PATCH), everything in the body is appended.
   *
   * @param contentLength the request's Content-Length, or -1 when unknown
   */
  public UploadStatus append(RepositoryName repository, String id, ContentRange range, long contentLength,
      InputStream body) throws IOException {
    ReentrantLock lock = lock(id);
    try {
      UploadRow row = find(repository, id);
      long size = appendLocked(row, range, contentLength, body, true);
      return new UploadStatus(id, repository, size);
    } finally {
      unlock(id, lock);
    }
  }

  /**
   * Completes an upload with an optional final chunk and commits it as {@code expected}.
   *
   * @return the stored blob
   */
  public Descriptor complete(RepositoryName repository, String id, Digest expected, ContentRange range,
      long contentLength, InputStream body) throws IOException {
    ReentrantLock lock = lock(id);
    try {
      UploadRow row = find(repository, id);
      long size = row.size();
      if (uploads.length(id) < 0) {
        return recoverCommitted(row, expected);
      }
      if (range != null || contentLength != 0) {
        // The final chunk is not recorded on its own: the commit below ends the upload, and a failed commit puts
        // the upload back where it stood.
        size = appendLocked(row, range, contentLength, body, false);
      }
      Digest actual = digestOf(id, size, expected.algorithm());
      if (!actual.equals(expected)) {
        uploads.truncate(id, row.size());
        hashes.remove(id);
        throw new RegistryException(OciError.DIGEST_INVALID,
            "commit upload " + id + " to " + repository + ": the " + size + " bytes received hash to " + actual
                + ", not " + expected);
      }
      uploads.commit(id, expected);
      hashes.remove(id);
      long finalSize = size;
      Instant now = clock.instant();
      long repositoryId = ensureRepository(repository);
      database.write(c -> {
        store.recordBlob(c, expected, finalSize, now);
        store.linkBlob(c, repositoryId, expected, now);
        store.deleteUpload(c, id);
        return null;
      });
      return new Descriptor("application/octet-stream", expected, finalSize);
    } finally {
      unlock(id, lock);
    }
  }

  /**
   * A single-request upload ({@code POST ?digest=}): the body is the whole blob. No session row is written; bytes
   * left behind by a crash are purged by age like any other upload.
   */
  public Descriptor monolithic(RepositoryName repository, Digest expected, long contentLength, InputStream body)
      throws IOException {
    String id = UUID.randomUUID().toString();
    uploads.create(id);
    boolean committed = false;
    try {
      MessageDigest hasher = expected.newHasher();
      long limit = contentLength >= 0 ? contentLength : Long.MAX_VALUE - 1;
      long size = uploads.write(id, 0, body, hasher, limit);
      if (contentLength >= 0 && size != contentLength) {
        throw new RegistryException(OciError.SIZE_INVALID,
            "upload to " + repository + ": received " + size + " bytes, Content-Length said " + contentLength);
      }
      Digest actual = Digest.of(hasher.digest(), expected.algorithm());
      if (!actual.equals(expected)) {
        throw new RegistryException(OciError.DIGEST_INVALID,
            "upload to " + repository + ": the " + size + " bytes received hash to " + actual + ", not " + expected);
      }
      uploads.commit(id, expected);
      committed = true;
      Instant now = clock.instant();
      long repositoryId = ensureRepository(repository);
      database.write(c -> {
        store.recordBlob(c, expected, size, now);
        store.linkBlob(c, repositoryId, expected, now);
        return null;
      });
      return new Descriptor("application/octet-stream", expected, size);
    } finally {
      if (!committed) {
        uploads.delete(id);
      }
    }
  }

  /**
   * Links a blob that {@code from} holds into {@code repository}. The caller has checked that the client may read
   * {@code from}.
   *
   * @return the mounted blob, or null when {@code from} does not hold it (the client then uploads it)
   */
  public Descriptor mount(RepositoryName repository, Digest digest, RepositoryName from) {
    OptionalLong size = database.read(c -> {
      OptionalLong fromId = store.repositoryId(c, from);
      return fromId.isEmpty() ? OptionalLong.empty() : store.linkedBlobSize(c, fromId.getAsLong(), digest);
    });
    if (size.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    long repositoryId = ensureRepository(repository);
    database.write(c -> {
      store.linkBlob(c, repositoryId, digest, now);
      return null;
    });
    return new Descriptor("application/octet-stream", digest, size.getAsLong());
  }

  /** Ends an upload and drops its bytes. */
  public void cancel(RepositoryName repository, String id) throws IOException {
    ReentrantLock lock = lock(id);
    try {
      find(repository, id);
      database.write(c -> store.deleteUpload(c, id));
      uploads.delete(id);
      hashes.remove(id);
    } finally {
      unlock(id, lock);
    }
  }

  /** Purges uploads untouched for longer than the configured age, with their bytes. */
  @Scheduled(fixedDelay = "${arca.registry.upload-purge-interval:15m}", initialDelay = "1m")
  public int purgeAbandoned() throws IOException {
    Instant cutoff = clock.instant().minus(config.uploadMaxAge());
    List<UploadRow> stale = database.read(c -> store.uploadsUpdatedBefore(c, cutoff));
    for (UploadRow row : stale) {
      database.write(c -> store.deleteUpload(c, row.id()));
      uploads.delete(row.id());
      hashes.remove(row.id());
    }
    // Bytes without a row: single-request uploads cut short, or a crash between creating the file and the row.
    Set<String> purged = new HashSet<>();
    for (String id : uploads.modifiedBefore(cutoff)) {
      if (database.read(c -> store.upload(c, id)).isEmpty()) {
        uploads.delete(id);
        purged.add(id);
      }
    }
    int count = stale.size() + purged.size();
    if (count > 0) {
      LOG.info("purged {} abandoned uploads older than {}", count, config.uploadMaxAge());
    }
    return count;
  }

  // ---- internals

  /** Appends a chunk at the recorded size; {@code record} also records the new size (every PATCH does). */
  private long appendLocked(UploadRow row, ContentRange range, long contentLength, InputStream body, boolean record)
      throws IOException {
    String id = row.id();
    long offset = row.size();
    if (range != null && range.start() != offset) {
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
          "upload " + id + " to " + row.repository() + ": chunk starts at byte " + range.start() + " but the upload"
              + " holds " + offset + " bytes; send the chunk that starts at " + offset)
          .withStatus(416)
          .withHeader("Range", new UploadStatus(id, row.repository(), offset).range())
          .withHeader("Location", "/v2/" + row.repository() + "/blobs/uploads/" + id);
    }
    if (range != null && contentLength >= 0 && contentLength != range.length()) {
      throw new RegistryException(OciError.SIZE_INVALID, "upload " + id + ": Content-Range covers "
          + range.length() + " bytes but Content-Length is " + contentLength);
    }
    MessageDigest hasher = hasherAt(id, offset, DEFAULT_ALGORITHM);
    long limit = range != null ? range.length() : contentLength >= 0 ? contentLength : Long.MAX_VALUE - 1;
    long written;
    try {
      written = uploads.write(id, offset, body, hasher, limit);
      long expectedLength = range != null ? range.length() : contentLength;
      if (expectedLength >= 0 && written != expectedLength) {
        throw new RegistryException(OciError.SIZE_INVALID, "upload " + id + ": received " + written
            + " bytes of a chunk announced as " + expectedLength);
      }
      long newSize = offset + written;
      boolean recorded = !record
          || database.write(c -> store.updateUploadSize(c, id, offset, newSize, clock.instant()));
      if (!recorded) {
        throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
            "upload " + id + " was changed by another request meanwhile; ask for its status and resume");
      }
      hashes.put(id, new HashState(hasher, newSize));
      return newSize;
    } catch (RuntimeException | IOException e) {
      // The chunk did not arrive whole: forget it, so the upload stands where it stood.
      uploads.truncate(id, offset);
      throw e;
    }
  }

  /** A hasher that has seen exactly the first {@code offset} bytes of the upload. */
  private MessageDigest hasherAt(String id, long offset, String algorithm) throws IOException {
    HashState state = hashes.remove(id);
    if (state != null && state.offset() == offset && DEFAULT_ALGORITHM.equals(algorithm)) {
      return state.hasher();
    }
    MessageDigest hasher = Digest.newMessageDigest(algorithm);
    long stored = uploads.length(id);
    if (stored < offset) {
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
          "upload " + id + " lost bytes (holds " + Math.max(stored, 0) + " of " + offset + "); start the upload again");
    }
    try (InputStream in = uploads.read(id, offset)) {
      byte[] buffer = new byte[256 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        hasher.update(buffer, 0, n);
      }
    }
    return hasher;
  }

  private Digest digestOf(String id, long size, String algorithm) throws IOException {
    MessageDigest hasher = hasherAt(id, size, algorithm);
    return Digest.of(hasher.digest(), algorithm);
  }

  /**
   * Finishes a commit whose bytes were moved into place before a crash or a failed transaction: the upload's bytes
   * are gone, but a blob of the expected digest and size stands where they went.
   */
  private Descriptor recoverCommitted(UploadRow row, Digest expected) throws IOException {
    OptionalLong stored = blobs.size(expected);
    if (stored.isEmpty() || stored.getAsLong() != row.size()) {
      throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
          "upload " + row.id() + " lost its data; start the upload again");
    }
    Instant now = clock.instant();
    long repositoryId = ensureRepository(row.repository());
    database.write(c -> {
      store.recordBlob(c, expected, row.size(), now);
      store.linkBlob(c, repositoryId, expected, now);
      store.deleteUpload(c, row.id());
      return null;
    });
    return new Descriptor("application/octet-stream", expected, row.size());
  }

  private UploadRow find(RepositoryName repository, String id) {
    if (id == null || !org.arca.registry.storage.FileSystemStorage.UPLOAD_ID.matcher(id).matches()) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "unknown upload " + shorten(id));
    }
    return database.read(c -> store.upload(c, id))
        .filter(row -> row.repository().equals(repository))
        .orElseThrow(() -> new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN,
            "unknown upload " + id + " in " + repository + " (finished, cancelled, purged, or never started)"));
  }

  /** The repository's id, created in a transaction of its own so that no uncommitted id is ever cached. */
  private long ensureRepository(RepositoryName repository) {
    var cached = store.cachedRepositoryId(repository);
    if (cached.isPresent()) {
      return cached.getAsLong();
    }
    Instant now = clock.instant();
    return database.write(c -> store.ensureRepository(c, repository, now));
  }

  private ReentrantLock lock(String id) {
    ReentrantLock lock = locks[Math.floorMod(id == null ? 0 : id.hashCode(), locks.length)];
    lock.lock();
    return lock;
  }

  private static void unlock(String id, ReentrantLock lock) {
    lock.unlock();
  }

  private static String shorten(String text) {
    return text == null ? "(none)" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
