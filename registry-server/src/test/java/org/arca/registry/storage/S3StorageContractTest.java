package org.arca.registry.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.arca.core.Digest;
import org.arca.registry.testing.S3ProxyServer;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** The storage contract on an S3 bucket, served by S3Proxy; parts at S3's 5 MiB minimum, so that most tests span several. */
class S3StorageContractTest extends BlobStorageContract<S3Storage> {
  private static S3ProxyServer server;
  private S3Client client;
  private String bucket;

  @BeforeAll
  static void startS3() {
    server = new S3ProxyServer();
  }

  @AfterAll
  static void stopS3() throws Exception {
    server.close();
  }

  @Test
  void dropIncompleteCommits_abortsOnlyMultipartUploadsBegunBeforeTheCutoff() throws IOException {
    String key = "registry/blobs/sha256/ab/" + "ab".repeat(32);
    String uploadId = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    assertEquals(0, storage.dropIncompleteCommits(Instant.now().minusSeconds(3600)));
    assertEquals(List.of(uploadId), incomplete());
    assertEquals(1, storage.dropIncompleteCommits(Instant.now().plusSeconds(3600)));
    assertEquals(List.of(), incomplete());
  }

  /**
   * Another instance shares the bucket but not this one's local disk: an upload begun here must continue there,
   * including the bytes after the last whole part, and commit the exact bytes.
   */
  @Test
  void upload_continuedByAnotherInstance_keepsEveryByteAndCommits() throws IOException {
    S3Storage other = new S3Storage(client, bucket, "registry/", S3Storage.MIN_PART_SIZE, scratch.resolve("other"));
    byte[] content = TestImages.randomBytes(7 * 1024 * 1024 + 3);
    int first = 1024 * 1024;
    int second = 6 * 1024 * 1024 + 1;
    String id = upload(Arrays.copyOf(content, first));
    assertEquals(first, other.length(id));
    try (UploadStorage.Appender out = other.append(id, first)) {
      out.write(ByteBuffer.wrap(content, first, second - first));
    }
    assertEquals(second, storage.length(id));
    write(id, second, Arrays.copyOfRange(content, second, content.length));
    assertArrayEquals(content, readAll(other.read(id, content.length)));
    Digest digest = Digest.sha256(content);
    assertTrue(other.commit(id, digest));
    assertArrayEquals(content, readAll(storage.open(digest)));
    assertEquals(-1, storage.length(id));
  }

  private List<String> incomplete() {
    return client.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
        .map(MultipartUpload::uploadId).toList();
  }

  @Override
  S3Storage newStorage(Path scratch) throws IOException {
    client = server.client();
    bucket = server.newBucket();
    return new S3Storage(client, bucket, "registry/", S3Storage.MIN_PART_SIZE,
        scratch.resolve("buffers"));
  }
}
