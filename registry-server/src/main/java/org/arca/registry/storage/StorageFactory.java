package org.arca.registry.storage;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.StorageConfiguration;

/** Blob and upload storage in the data directory. */
@Factory
class StorageFactory {
  @Singleton
  FileSystemStorage fileSystemStorage(ArcaConfiguration config, StorageConfiguration storage) throws IOException {
    return new FileSystemStorage(config.dataDir(), storage.zeroCopy());
  }
}
