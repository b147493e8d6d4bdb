package org.arca.registry.storage;

import io.micronaut.http.MediaType;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.http.server.types.files.SystemFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.arca.core.Digest;

/**
 * The body of a whole-blob download from a controller: the local file, sent without copying, when the backend offers
 * one; otherwise the blob streamed, with its length so that {@code Content-Length} is still set.
 */
public final class BlobBodies {
  private BlobBodies() {}

  /** Throws {@link java.nio.file.NoSuchFileException} when the blob's bytes are not stored. */
  public static FileCustomizableResponseType of(BlobStorage storage, Digest digest, long size) throws IOException {
    Optional<Path> file = storage.localFile(digest);
    if (file.isPresent()) {
      return new SystemFile(file.get().toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE);
    }
    return new StreamedFile(storage.open(digest, 0, size), MediaType.APPLICATION_OCTET_STREAM_TYPE, 0, size);
  }
}
