package org.arca.registry.storage;

import java.io.IOException;
import java.nio.file.Path;
import org.arca.registry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on an S3 bucket, served by S3Proxy; parts at S3's 5 MiB minimum, so that most tests span several. */
class S3StorageContractTest extends BlobStorageContract<S3Storage> {
  private static S3ProxyServer server;

  @BeforeAll
  static void startS3() {
    server = new S3ProxyServer();
  }

  @AfterAll
  static void stopS3() throws Exception {
    server.close();
  }

  @Override
  S3Storage newStorage(Path scratch) throws IOException {
    return new S3Storage(server.client(), server.newBucket(), "registry/", S3Storage.MIN_PART_SIZE,
        scratch.resolve("buffers"));
  }
}
