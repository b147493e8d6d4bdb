package org.arca.core.registry;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;

/** A manifest as the registry holds it: its exact bytes, media type and who pushed it when. */
public record StoredManifest(
    RepositoryName repository,
    Digest digest,
    String mediaType,
    byte[] content,
    Instant pushedAt,
    String pushedBy) {

  /** Parses the stored bytes (they were validated when pushed). */
  public Manifest parse() {
    return Manifest.parse(content, mediaType);
  }
}
