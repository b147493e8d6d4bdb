package org.arca.registry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every blob storage backend must do, as Lucene's {@code BaseDirectoryTestCase} does for its directories: each
 * backend's test extends this class and says how to make a fresh, empty storage. The registry relies on nothing else
 * of a backend.
 */
abstract class BlobStorageContract<S extends BlobStorage & UploadStorage> {
  @TempDir
  Path scratch;

  S storage;

  /** A fresh, empty storage; {@code scratch} is an empty directory the backend may use. */
  abstract S newStorage(Path scratch) throws IOException;

  /** Bytes of the large-content test: hundreds of MiB, generated and checked as streams, never held in memory. */
  long largeSize() {
    return 300L << 20;
  }

  @BeforeEach
  void createStorage() throws IOException {
    storage = newStorage(scratch);
  }

  // ---- blobs

  @Test
  void commit_thenOpen_returnsTheBytesAndSize() throws IOException {
    byte[] content = TestImages.randomBytes(10_000);
    Digest digest = put(content);
    assertEquals(10_000, storage.size(digest).orElseThrow());
    assertArrayEquals(content, readAll(storage.open(digest)));
  }

  @Test
  void open_atOffsetsAndRanges_returnsExactlyThoseBytes() throws IOException {
    byte[] content = TestImages.randomBytes(10_000);
    Digest digest = put(content);
    assertArrayEquals(Arrays.copyOfRange(content, 4_321, 10_000), readAll(storage.open(digest, 4_321)));
    assertArrayEquals(Arrays.copyOfRange(content, 100, 200), readAll(storage.open(digest, 100, 100)));
    assertArrayEquals(Arrays.copyOfRange(content, 9_990, 10_000), readAll(storage.open(digest, 9_990, 10)));
    assertArrayEquals(Arrays.copyOfRange(content, 0, 1), readAll(storage.open(digest, 0, 1)));
    assertEquals(0, readAll(storage.open(digest, 10_000)).length);
  }

  @Test
  void absentBlob_hasNoSizeAndOpeningItThrowsNoSuchFile() throws IOException {
    Digest absent = Digest.sha256("never stored".getBytes());
    assertTrue(storage.size(absent).isEmpty());
    assertThrows(NoSuchFileException.class, () -> storage.open(absent, 0).close());
    assertThrows(NoSuchFileException.class, () -> storage.open(absent, 0, 10).close());
    assertTrue(storage.localFile(absent).isEmpty());
  }

  @Test
  void localFile_whenOffered_holdsTheBlob() throws IOException {
    byte[] content = TestImages.randomBytes(3_000);
    Digest digest = put(content);
    Optional<Path> file = storage.localFile(digest);
    if (file.isPresent()) {
      assertArrayEquals(content, Files.readAllBytes(file.get()));
    }
  }

  @Test
  void commit_sameDigestTwice_keepsOneBlobAndEndsBothUploads() throws IOException {
    byte[] content = TestImages.randomBytes(5_000);
    Digest digest = Digest.sha256(content);
    String first = upload(content);
    String second = upload(content);
    assertTrue(storage.commit(first, digest));
    assertFalse(storage.commit(second, digest), "the blob was already stored");
    assertEquals(-1, storage.length(first));
    assertEquals(-1, storage.length(second));
    assertArrayEquals(content, readAll(storage.open(digest)));
    assertEquals(List.of(digest), list());
  }

  @Test
  void concurrentCommits_ofOneDigest_allSucceedAndLeaveOneBlob() throws Exception {
    byte[] content = TestImages.randomBytes(200_000);
    Digest digest = Digest.sha256(content);
    int writers = 6;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ids.add(upload(content));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Boolean>> commits = new ArrayList<>();
      for (String id : ids) {
        commits.add(pool.submit((Callable<Boolean>) () -> {
          start.await();
          return storage.commit(id, digest);
        }));
      }
      start.countDown();
      int stored = 0;
      for (Future<Boolean> commit : commits) {
        stored += commit.get() ? 1 : 0;
      }
      assertTrue(stored >= 1, "some commit stored the blob");
    } finally {
      pool.shutdownNow();
    }
    for (String id : ids) {
      assertEquals(-1, storage.length(id));
    }
    assertArrayEquals(content, readAll(storage.open(digest)));
    assertEquals(List.of(digest), list());
    assertEquals(List.of(), storage.modifiedBefore(Instant.now().plusSeconds(3600)));
  }

  @Test
  void forEach_listsEveryBlobAndDeleteRemovesOne() throws IOException {
    Digest a = put(TestImages.randomBytes(100));
    Digest b = put(TestImages.randomBytes(200));
    assertEquals(Set.of(a, b), new HashSet<>(list()));
    storage.delete(a);
    assertEquals(List.of(b), list());
    assertTrue(storage.size(a).isEmpty());
    assertThrows(NoSuchFileException.class, () -> storage.open(a, 0).close());
    storage.delete(a); // absent: a no-op
    assertEquals(200, storage.size(b).orElseThrow());
  }

  @Test
  void deleteAll_removesEveryNamedBlobAndSkipsAbsentOnes() throws IOException {
    Digest a = put(TestImages.randomBytes(100));
    Digest b = put(TestImages.randomBytes(200));
    Digest c = put(TestImages.randomBytes(300));
    storage.deleteAll(List.of(a, c, Digest.sha256(TestImages.randomBytes(10))));
    assertEquals(List.of(b), list());
    storage.deleteAll(List.of());
    assertEquals(List.of(b), list());
  }

  // ---- uploads

  @Test
  void newId_isValidAndFresh() throws IOException {
    String first = storage.newId();
    String second = storage.newId();
    assertTrue(storage.isValidId(first));
    assertNotEquals(first, second);
    assertEquals(-1, storage.length(first), "a new id names no upload until it is created");
    storage.create(first);
    assertEquals(0, storage.length(first));
  }

  @Test
  void append_inSeveralChunks_addsUpAndReadsBack() throws IOException {
    byte[] content = TestImages.randomBytes(30_000);
    String id = storage.newId();
    storage.create(id);
    for (int start = 0; start < 30_000; start += 10_000) {
      write(id, start, Arrays.copyOfRange(content, start, start + 10_000));
      assertEquals(start + 10_000, storage.length(id));
    }
    assertArrayEquals(Arrays.copyOf(content, 12_345), readAll(storage.read(id, 12_345)));
    assertArrayEquals(content, readAll(storage.read(id, 30_000)));
  }

  @Test
  void uploadOfSeveralMebibytes_readsBackAndCutsBackAnywhere() throws IOException {
    // larger than an object store's 5 MiB part, so that reads and cuts cross part boundaries
    byte[] content = TestImages.randomBytes(12 * 1024 * 1024 + 5);
    String id = storage.newId();
    storage.create(id);
    int third = content.length / 3;
    write(id, 0, Arrays.copyOf(content, third));
    write(id, third, Arrays.copyOfRange(content, third, content.length));
    assertArrayEquals(content, readAll(storage.read(id, content.length)));
    assertArrayEquals(Arrays.copyOf(content, 7 * 1024 * 1024), readAll(storage.read(id, 7 * 1024 * 1024)));
    int cut = 6 * 1024 * 1024 + 1;
    storage.truncate(id, cut);
    assertEquals(cut, storage.length(id));
    assertArrayEquals(Arrays.copyOf(content, cut), readAll(storage.read(id, cut)));
    write(id, cut, Arrays.copyOfRange(content, cut, content.length));
    Digest digest = Digest.sha256(content);
    assertTrue(storage.commit(id, digest));
    assertArrayEquals(content, readAll(storage.open(digest)));
  }

  @Test
  void append_beyondTheStoredBytes_failsAndKeepsTheUpload() throws IOException {
    byte[] content = TestImages.randomBytes(1_000);
    String id = upload(content);
    assertThrows(IOException.class, () -> storage.append(id, 1_001).close());
    assertEquals(1_000, storage.length(id));
    assertArrayEquals(content, readAll(storage.read(id, 1_000)));
  }

  @Test
  void append_belowTheStoredBytes_dropsWhatFollows() throws IOException {
    byte[] content = TestImages.randomBytes(1_000);
    String id = upload(content);
    byte[] replacement = TestImages.randomBytes(300);
    write(id, 600, replacement);
    assertEquals(900, storage.length(id));
    byte[] expected = Arrays.copyOf(content, 900);
    System.arraycopy(replacement, 0, expected, 600, 300);
    assertArrayEquals(expected, readAll(storage.read(id, 900)));
  }

  @Test
  void truncate_cutsBackAndNeverGrows() throws IOException {
    byte[] content = TestImages.randomBytes(1_000);
    String id = upload(content);
    storage.truncate(id, 400);
    assertEquals(400, storage.length(id));
    storage.truncate(id, 800);
    assertEquals(400, storage.length(id));
    assertArrayEquals(Arrays.copyOf(content, 400), readAll(storage.read(id, 400)));
    byte[] rest = Arrays.copyOfRange(content, 400, 1_000);
    write(id, 400, rest);
    Digest digest = Digest.sha256(content);
    assertTrue(storage.commit(id, digest));
    assertArrayEquals(content, readAll(storage.open(digest)));
  }

  @Test
  void cancel_dropsTheBytesAndIsANoOpWhenNothingIsStored() throws IOException {
    String id = upload(TestImages.randomBytes(500));
    storage.cancel(id);
    assertEquals(-1, storage.length(id));
    storage.cancel(id);
    storage.cancel(storage.newId());
    assertEquals(List.of(), storage.modifiedBefore(Instant.now().plusSeconds(3600)));
    assertEquals(List.of(), list());
  }

  @Test
  void modifiedBefore_listsUploadsLastWrittenBeforeTheCutoff() throws IOException {
    String id = upload(TestImages.randomBytes(100));
    assertEquals(List.of(id), storage.modifiedBefore(Instant.now().plusSeconds(3600)));
    assertEquals(List.of(), storage.modifiedBefore(Instant.now().minusSeconds(3600)));
  }

  @Test
  void invalidUploadIds_areRefusedBeforeTheyTouchAnything() throws IOException {
    for (String id : Arrays.asList(null, "", "../blobs", "../../etc/passwd", "a/b",
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301x", ".", "..")) {
      assertFalse(storage.isValidId(id), id);
      assertUploadUnknown(() -> storage.create(id));
      assertUploadUnknown(() -> storage.length(id));
      assertUploadUnknown(() -> storage.append(id, 0).close());
      assertUploadUnknown(() -> storage.truncate(id, 0));
      assertUploadUnknown(() -> storage.read(id, 0).close());
      assertUploadUnknown(() -> storage.commit(id, Digest.sha256(new byte[0])));
      assertUploadUnknown(() -> storage.cancel(id));
    }
    assertEquals(List.of(), storage.modifiedBefore(Instant.now().plusSeconds(3600)));
    assertEquals(List.of(), list());
  }

  @Test
  void digestsNamingPaths_cannotBeMade() {
    for (String text : List.of("sha256:../../../../etc/passwd", "sha256:" + "A".repeat(64), "md5:abc", "sha256:")) {
      RegistryException e = assertThrows(RegistryException.class, () -> Digest.parse(text), text);
      assertEquals(OciError.DIGEST_INVALID, e.error());
    }
  }

  @Test
  void largeContent_isStoredAndReadAsStreams() throws IOException {
    long size = largeSize();
    String id = storage.newId();
    storage.create(id);
    MessageDigest written = Digest.newMessageDigest("sha256");
    byte[] tail = new byte[4096];
    SplittableRandom random = new SplittableRandom(42);
    byte[] buffer = new byte[1 << 20];
    long offset = 0;
    // three appenders, as a chunked push with a restart between chunks would use
    for (long stop : new long[] {size / 3, 2 * size / 3, size}) {
      try (UploadStorage.Appender out = storage.append(id, offset)) {
        while (offset < stop) {
          int n = (int) Math.min(buffer.length, stop - offset);
          fill(random, buffer, n);
          written.update(buffer, 0, n);
          out.write(ByteBuffer.wrap(buffer, 0, n));
          keepTail(tail, buffer, n, offset, size);
          offset += n;
        }
      }
    }
    assertEquals(size, storage.length(id));
    Digest digest = Digest.of(written.digest(), "sha256");
    assertTrue(storage.commit(id, digest));
    assertEquals(size, storage.size(digest).orElseThrow());
    MessageDigest read = Digest.newMessageDigest("sha256");
    long total = 0;
    try (InputStream in = storage.open(digest)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        read.update(buffer, 0, n);
        total += n;
      }
    }
    assertEquals(size, total);
    assertEquals(digest, Digest.of(read.digest(), "sha256"));
    assertArrayEquals(tail, readAll(storage.open(digest, size - tail.length, tail.length)));
  }

  // ---- helpers

  private static void fill(SplittableRandom random, byte[] buffer, int n) {
    for (int i = 0; i < n; i += 8) {
      long value = random.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        buffer[i + j] = (byte) (value >>> (8 * j));
      }
    }
  }

  /** Keeps the last {@code tail.length} bytes of the whole content as they go past. */
  private static void keepTail(byte[] tail, byte[] buffer, int n, long offset, long size) {
    long tailStart = size - tail.length;
    for (int i = 0; i < n; i++) {
      long position = offset + i;
      if (position >= tailStart) {
        tail[(int) (position - tailStart)] = buffer[i];
      }
    }
  }

  private static void assertUploadUnknown(Executable call) {
    RegistryException e = assertThrows(RegistryException.class, call);
    assertEquals(OciError.BLOB_UPLOAD_UNKNOWN, e.error());
  }

  /** A new upload holding {@code content}. */
  String upload(byte[] content) throws IOException {
    String id = storage.newId();
    storage.create(id);
    write(id, 0, content);
    return id;
  }

  void write(String id, long offset, byte[] content) throws IOException {
    try (UploadStorage.Appender out = storage.append(id, offset)) {
      out.write(ByteBuffer.wrap(content));
    }
  }

  Digest put(byte[] content) throws IOException {
    Digest digest = Digest.sha256(content);
    assertTrue(storage.commit(upload(content), digest));
    return digest;
  }

  List<Digest> list() throws IOException {
    List<Digest> digests = new ArrayList<>();
    storage.forEach(digests::add);
    return digests;
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
