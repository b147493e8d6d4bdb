package org.arca.registry.storage;

import java.io.IOException;
import java.nio.file.Path;

/** The storage contract on the local file system, as the registry runs by default. */
class FileSystemStorageContractTest extends BlobStorageContract<FileSystemStorage> {
  @Override
  FileSystemStorage newStorage(Path scratch) throws IOException {
    return new FileSystemStorage(scratch);
  }
}
