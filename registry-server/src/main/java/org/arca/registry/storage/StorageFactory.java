package org.arca.registry.storage;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.S3Configuration;
import org.arca.registry.config.StorageConfiguration;

/** Blob and upload storage: in the data directory ({@code arca.storage.backend=filesystem}) or in an S3 bucket. */
@Factory
class StorageFactory {
  @Singleton
  @Requires(property = "arca.storage.backend", notEquals = "s3")
  FileSystemStorage fileSystemStorage(ArcaConfiguration config, StorageConfiguration storage) throws IOException {
    if (!"filesystem".equals(storage.backend())) {
      throw new ConfigurationException("arca.storage.backend is '" + storage.backend() + "'; it must be filesystem or s3");
    }
    return new FileSystemStorage(config.dataDir(), storage.zeroCopy());
  }

  @Singleton
  @Requires(property = "arca.storage.backend", value = "s3")
  S3Storage s3Storage(ArcaConfiguration config, S3Configuration s3) throws IOException {
    return S3Storage.connect(s3, "arca.storage.s3", config.dataDir().resolve("upload-buffers"));
  }
}
