package org.arca.registry.upload;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.WithdrawnContent;
import org.arca.registry.config.RegistryConfiguration;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;
import org.arca.registry.metadata.UploadRow;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.storage.DiskSpace;
import org.arca.registry.storage.UploadStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blob uploads: sessions, chunks, commit and cross-repository mounts.
 *
 * <p>A request's body goes into a {@link Chunk}: begun (checks, lock, hash state), written buffer by buffer as it
 * arrives (hashed and appended on the way), then ended (the new size is recorded), committed, or aborted (the
 * upload stands where it stood). The Netty upload path drives chunks with the bytes Netty received; the
 * {@code InputStream} methods here drive them from a stream. The hash state of an upload between chunks stays in
 * memory; after a restart, or on another instance, it is rebuilt from the bytes received so far.
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
  private static final int COPY_BUFFER = 256 * 1024;

  private final Database database;
  private final MetadataStore store;
  private final UploadStorage uploads;
  private final BlobStorage blobs;
  private final List<WithdrawnContent> withdrawn;
  private final RegistryConfiguration config;
  private final DiskSpace disk;
  private final Clock clock;
  /** Hash state of uploads between chunks, valid for exactly {@link HashState#offset} bytes. */
  private final ConcurrentHashMap<String, HashState> hashes = new ConcurrentHashMap<>();
  /**
   * Serialises requests on one upload within this instance. Striped, so nothing grows with the number of uploads,
   * and semaphores rather than locks, because a chunk begun on one thread may end on another. Across instances the
   * recorded size is the guard.
   */
  private final Semaphore[] locks = new Semaphore[256];

  private record HashState(MessageDigest hasher, long offset) {}

  public UploadService(Database database, MetadataStore store, UploadStorage uploads, BlobStorage blobs,
      List<WithdrawnContent> withdrawn, RegistryConfiguration config, DiskSpace disk, Clock clock) {
    this.database = database;
    this.store = store;
    this.uploads = uploads;
    this.blobs = blobs;
    this.withdrawn = List.copyOf(withdrawn);
    this.config = config;
    this.disk = disk;
    this.clock = clock;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Semaphore(1);
    }
  }

  /**
   * The body of one request going into an upload: a chunk of a session (a PATCH, or the final chunk of a PUT) or a
   * whole single-request upload. Written by one thread at a time.
   */
  public final class Chunk implements Closeable {
    private final RepositoryName repository;
    private final String id;
    /** The session's row, or null for a single-request upload (which has none). */
    private final UploadRow row;
    private final long offset;
    private final long expected;
    private final MessageDigest hasher;
    private final UploadStorage.Appender out;
    private final Semaphore lock;
    private long written;
    private boolean finished;
    private boolean closed;

    private Chunk(RepositoryName repository, String id, UploadRow row, long offset, long expected,
        MessageDigest hasher, UploadStorage.Appender out, Semaphore lock) {
      this.repository = repository;
      this.id = id;
      this.row = row;
      this.offset = offset;
      this.expected = expected;
      this.hasher = hasher;
      this.out = out;
      this.lock = lock;
    }

    /**
     * Hashes and appends {@code data}, refusing more bytes than the request announced, and any bytes once the disk is
     * below its reserve (a body of unknown length, or another writer, may take it there).
     */
    public void write(ByteBuffer data) throws IOException {
      int length = data.remaining();
      if (expected >= 0 && written + length > expected) {
        throw new RegistryException(OciError.SIZE_INVALID, "upload " + id + ": more bytes than the " + expected
            + " announced");
      }
      if (disk.belowReserve()) {
        throw disk.full(action(), -1);
      }
      hasher.update(data.duplicate());
      try {
        out.write(data);
      } catch (IOException e) {
        if (!DiskSpace.isOutOfSpace(e)) {
          throw e;
        }
        disk.refresh();
        throw disk.full(action(), -1, e);
      }
      disk.written(length);
      written += length;
    }

    private String action() {
      return (row == null ? "upload to " : "upload " + id + " to ") + repository;
    }

    /** Bytes the upload will hold once this chunk is kept. */
    public long size() {
      return offset + written;
    }

    private void checkLength() {
      if (expected >= 0 && written != expected) {
        throw new RegistryException(OciError.SIZE_INVALID, "upload " + id + ": received " + written
            + " bytes of a body announced as " + expected);
      }
    }

    /** Drops the chunk's bytes if it was not ended or committed, and lets the next request on the upload in. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        out.close();
        if (!finished) {
          hashes.remove(id);
          if (row == null) {
            uploads.cancel(id);
          } else {
            uploads.truncate(id, offset);
          }
        }
      } finally {
        lock.release();
      }
    }
  }

  /** Opens an upload session. */
  public UploadStatus start(RepositoryName repository) throws IOException {
    disk.requireRoom("start an upload to " + repository, 0);
    String id = uploads.newId();
    uploads.create(id);
    Instant now = clock.instant();
    try {
      database.write(c -> {
        store.insertUpload(c, new UploadRow(id, repository, 0, now, now));
        return null;
      });
    } catch (RuntimeException e) {
      uploads.cancel(id); // e.g. refused because the disk filled meanwhile: leave no file without a row
      throw e;
    }
    return new UploadStatus(id, repository, 0);
  }

  /** Where an upload stands, for {@code GET} of its location. */
  public UploadStatus status(RepositoryName repository, String id) {
    UploadRow row = find(repository, id);
    return new UploadStatus(row.id(), row.repository(), row.size());
  }

  /**
   * Begins a chunk of a session. With a range, the chunk must start where the upload stands (416 otherwise) and be
   * exactly as long as the range says; without one (a streamed PATCH, or a PUT's final chunk), everything in the
   * body is appended.
   *
   * @param contentLength the request's Content-Length, or -1 when unknown
   */
  public Chunk beginChunk(RepositoryName repository, String id, ContentRange range, long contentLength)
      throws IOException {
    Semaphore lock = lock(id);
    try {
      UploadRow row = find(repository, id);
      long offset = row.size();
      if (range != null && range.start() != offset) {
        throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
            "upload " + id + " to " + repository + ": chunk starts at byte " + range.start() + " but the upload"
                + " holds " + offset + " bytes; send the chunk that starts at " + offset)
            .withStatus(416)
            .withHeader("Range", new UploadStatus(id, repository, offset).range())
            .withHeader("Location", "/v2/" + repository + "/blobs/uploads/" + id);
      }
      if (range != null && contentLength >= 0 && contentLength != range.length()) {
        throw new RegistryException(OciError.SIZE_INVALID, "upload " + id + ": Content-Range covers "
            + range.length() + " bytes but Content-Length is " + contentLength);
      }
      if (uploads.length(id) < 0) {
        throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
            "upload " + id + " lost its data; start the upload again");
      }
      long expected = range != null ? range.length() : contentLength;
      disk.requireRoom("upload " + id + " to " + repository, expected);
      MessageDigest hasher = hasherAt(id, offset, DEFAULT_ALGORITHM);
      return new Chunk(repository, id, row, offset, expected, hasher, uploads.append(id, offset), lock);
    } catch (IOException | RuntimeException e) {
      lock.release();
      throw e;
    }
  }

  /** Begins a single-request upload ({@code POST ?digest=}), whose body is the whole blob; no session row exists. */
  public Chunk beginMonolithic(RepositoryName repository, Digest expected, long contentLength) throws IOException {
    disk.requireRoom("upload to " + repository, contentLength);
    String id = uploads.newId();
    Semaphore lock = lock(id);
    try {
      uploads.create(id);
      return new Chunk(repository, id, null, 0, contentLength, expected.newHasher(), uploads.append(id, 0), lock);
    } catch (IOException | RuntimeException e) {
      uploads.cancel(id);
      lock.release();
      throw e;
    }
  }

  /** Keeps a session's chunk: records the upload's new size. */
  public UploadStatus endChunk(Chunk chunk) throws IOException {
    try (chunk) {
      chunk.checkLength();
      long newSize = chunk.size();
      boolean recorded = database.write(c -> store.updateUploadSize(c, chunk.id, chunk.offset, newSize,
          clock.instant()));
      if (!recorded) {
        throw new RegistryException(OciError.BLOB_UPLOAD_INVALID,
            "upload " + chunk.id + " was changed by another request meanwhile; ask for its status and resume");
      }
      hashes.put(chunk.id, new HashState(chunk.hasher, newSize));
      chunk.finished = true;
      return new UploadStatus(chunk.id, chunk.repository, newSize);
    }
  }

  /**
   * Commits the upload the chunk belongs to as {@code expected} (for a single-request upload, the digest it began
   * with). The final chunk is not recorded on its own: a commit that fails puts the upload back where it stood.
   */
  public Descriptor commit(Chunk chunk, Digest expected) throws IOException {
    try (chunk) {
      chunk.checkLength();
      long size = chunk.size();
      boolean sameAlgorithm = chunk.hasher.getAlgorithm().equals(
          expected.algorithm().equals("sha512") ? "SHA-512" : "SHA-256");
      Digest actual = sameAlgorithm
          ? Digest.of(chunk.hasher.digest(), expected.algorithm())
          : rehash(chunk.id, size, expected.algorithm());
      if (!actual.equals(expected)) {
        throw new RegistryException(OciError.DIGEST_INVALID,
            (chunk.row == null ? "upload to " + chunk.repository : "commit upload " + chunk.id + " to "
                + chunk.repository) + ": the " + size + " bytes received hash to " + actual + ", not " + expected);
      }
      chunk.out.close();
      uploads.commit(chunk.id, expected);
      chunk.finished = true;
      hashes.remove(chunk.id);
      linkCommitted(chunk.repository, chunk.row == null ? null : chunk.id, expected, size);
      return new Descriptor("application/octet-stream", expected, size);
    }
  }

  // ---- stream-driven uploads (the Micronaut controllers and the RegistryWriter port)

  /** Appends one chunk read from {@code body}. */
  public UploadStatus append(RepositoryName repository, String id, ContentRange range, long contentLength,
      InputStream body) throws IOException {
    Chunk chunk = beginChunk(repository, id, range, contentLength);
    copy(body, chunk);
    return endChunk(chunk);
  }

  /**
   * The blob, when a completion of this upload was committed to storage before a crash or a failed transaction
   * (its bytes moved into place, its row still there): the commit is finished now. Null when there is nothing to
   * recover.
   */
  public Descriptor recoverIfCommitted(RepositoryName repository, String id, Digest expected) throws IOException {
    if (!uploads.isValidId(id) || uploads.length(id) >= 0) {
      return null;
    }
    Semaphore lock = lock(id);
    try {
      return recoverCommitted(find(repository, id), expected);
    } finally {
      lock.release();
    }
  }

  /** Completes an upload with an optional final chunk and commits it as {@code expected}. */
  public Descriptor complete(RepositoryName repository, String id, Digest expected, ContentRange range,
      long contentLength, InputStream body) throws IOException {
    Descriptor recovered = recoverIfCommitted(repository, id, expected);
    if (recovered != null) {
      return recovered;
    }
    Chunk chunk = beginChunk(repository, id, range, range == null && contentLength == 0 ? 0 : contentLength);
    if (range != null || contentLength != 0) {
      copy(body, chunk);
    }
    return commit(chunk, expected);
  }

  /** A single-request upload ({@code POST ?digest=}) read from {@code body}. */
  public Descriptor monolithic(RepositoryName repository, Digest expected, long contentLength, InputStream body)
      throws IOException {
    Chunk chunk = beginMonolithic(repository, expected, contentLength);
    copy(body, chunk);
    return commit(chunk, expected);
  }

  private static void copy(InputStream body, Chunk chunk) throws IOException {
    try {
      if (body != null) {
        byte[] buffer = new byte[COPY_BUFFER];
        for (int n; (n = body.read(buffer)) >= 0; ) {
          if (n > 0) {
            chunk.write(ByteBuffer.wrap(buffer, 0, n));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      chunk.close();
      throw e;
    }
  }

  /**
   * Links a blob that {@code from} holds into {@code repository}. The caller has checked that the client may read
   * {@code from}.
   *
   * @return the mounted blob, or null when {@code from} does not hold it (the client then uploads it)
   */
  public Descriptor mount(RepositoryName repository, Digest digest, RepositoryName from) {
    if (withdrawn.stream().anyMatch(feature -> feature.blobWithdrawal(from, digest).isPresent())) {
      return null; // a mount would copy withdrawn content out to where it is served; only its bytes can bring it
    }
    OptionalLong size = database.read(c -> {
      OptionalLong fromId = store.repositoryId(c, from);
      return fromId.isEmpty() ? OptionalLong.empty() : store.linkedBlobSize(c, fromId.getAsLong(), digest);
    });
    if (size.isEmpty()) {
      return null;
    }
    Instant now = clock.instant();
    long repositoryId = ensureRepository(repository);
    boolean linked = database.write(c -> {
      if (store.lockBlob(c, digest).isEmpty() || store.blobBeingCollected(c, digest)) {
        return false; // garbage collection took it since it was looked up
      }
      store.linkBlob(c, repositoryId, digest, now);
      return true;
    });
    return linked ? new Descriptor("application/octet-stream", digest, size.getAsLong()) : null;
  }

  /** Ends an upload and drops its bytes. */
  public void cancel(RepositoryName repository, String id) throws IOException {
    Semaphore lock = lock(id);
    try {
      find(repository, id);
      database.write(c -> store.deleteUpload(c, id));
      uploads.cancel(id);
      hashes.remove(id);
    } finally {
      lock.release();
    }
  }

  /** Purges uploads untouched for longer than the configured age, with their bytes. */
  @Scheduled(fixedDelay = "${arca.registry.upload-purge-interval:15m}", initialDelay = "1m")
  public int purgeAbandoned() throws IOException {
    Instant cutoff = clock.instant().minus(config.uploadMaxAge());
    List<UploadRow> stale = database.read(c -> store.uploadsUpdatedBefore(c, cutoff));
    for (UploadRow row : stale) {
      database.write(c -> store.deleteUpload(c, row.id()));
      uploads.cancel(row.id());
      hashes.remove(row.id());
    }
    // Bytes without a row: single-request uploads cut short, or a crash between creating the file and the row.
    int orphans = 0;
    for (String id : uploads.modifiedBefore(cutoff)) {
      if (database.read(c -> store.upload(c, id)).isEmpty()) {
        uploads.cancel(id);
        orphans++;
      }
    }
    int count = stale.size() + orphans + uploads.dropIncompleteCommits(cutoff);
    if (count > 0) {
      LOG.info("purged {} abandoned uploads older than {}", count, config.uploadMaxAge());
    }
    return count;
  }

  // ---- internals

  /** Records a committed blob and links it; ends the session {@code sessionId} when there is one. */
  private void linkCommitted(RepositoryName repository, String sessionId, Digest digest, long size) {
    Instant now = clock.instant();
    long repositoryId = ensureRepository(repository);
    database.write(c -> {
      store.recordBlob(c, digest, size, now);
      // With the row locked and no collection under way, the bytes checked here stay: a commit that dropped its
      // upload because the blob existed may have seen bytes that a collection finished deleting since.
      if (store.blobBeingCollected(c, digest) || !stored(digest)) {
        throw collected(repository, digest);
      }
      store.linkBlob(c, repositoryId, digest, now);
      if (sessionId != null) {
        store.deleteUpload(c, sessionId);
      }
      return null;
    });
  }

  private boolean stored(Digest digest) {
    try {
      return blobs.size(digest).isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A commit that met garbage collection deleting an earlier copy of the same blob: the bytes in place may vanish
   * at any moment, so nothing is linked and the client sends them again.
   */
  private static RegistryException collected(RepositoryName repository, Digest digest) {
    return new RegistryException(OciError.BLOB_UPLOAD_INVALID, "commit upload of " + digest + " to " + repository
        + ": garbage collection was removing an earlier copy of this blob at the same moment; push the blob again");
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
      byte[] buffer = new byte[COPY_BUFFER];
      for (int n; (n = in.read(buffer)) > 0; ) {
        hasher.update(buffer, 0, n);
      }
    }
    return hasher;
  }

  private Digest rehash(String id, long size, String algorithm) throws IOException {
    return Digest.of(hasherAt(id, size, algorithm).digest(), algorithm);
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
    linkCommitted(row.repository(), row.id(), expected, row.size());
    return new Descriptor("application/octet-stream", expected, row.size());
  }

  private UploadRow find(RepositoryName repository, String id) {
    if (!uploads.isValidId(id)) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "unknown upload " + shorten(id));
    }
    return database.read(c -> store.upload(c, id))
        .filter(row -> row.repository().equals(repository))
        .orElseThrow(() -> new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN,
            "unknown upload " + id + " in " + repository + " (finished, cancelled, purged, or never started)"));
  }

  /** The repository's id, created in a transaction of its own so that no uncommitted id is ever cached. */
  private long ensureRepository(RepositoryName repository) {
    OptionalLong cached = store.cachedRepositoryId(repository);
    if (cached.isPresent()) {
      return cached.getAsLong();
    }
    Instant now = clock.instant();
    return database.write(c -> store.ensureRepository(c, repository, now));
  }

  private Semaphore lock(String id) {
    Semaphore lock = locks[Math.floorMod(id == null ? 0 : id.hashCode(), locks.length)];
    lock.acquireUninterruptibly();
    return lock;
  }

  private static String shorten(String text) {
    return text == null ? "(none)" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
