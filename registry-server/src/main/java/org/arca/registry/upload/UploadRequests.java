package org.arca.registry.upload;

import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.sif.SifMirror;

/**
 * The upload requests that carry a body (PATCH of a chunk, PUT that completes, single-request POST), checked and
 * begun the same way whether the body arrives through Micronaut or straight from Netty.
 */
@Singleton
public class UploadRequests {
  private final UploadService uploads;
  private final Gatekeeper gatekeeper;

  public UploadRequests(UploadService uploads, Gatekeeper gatekeeper) {
    this.uploads = uploads;
    this.gatekeeper = gatekeeper;
  }

  /** What a body-carrying upload request does once its chunk is written. */
  public enum Kind { PATCH, COMPLETE, MONOLITHIC }

  /** A begun request: its chunk, or, for a completion already committed before a crash, the blob. */
  public record Begun(Kind kind, RepositoryName repository, String id, Digest digest, UploadService.Chunk chunk,
      Descriptor recovered) {}

  /**
   * Authenticates, authorizes push, and begins the request's chunk.
   *
   * @param id the upload id (PATCH, COMPLETE), or null (MONOLITHIC)
   * @param digest the {@code digest} query parameter (COMPLETE, MONOLITHIC), or null
   */
  public Begun begin(Kind kind, String name, String id, String digest, String contentRange, long contentLength,
      boolean chunkedBody, String authorization, String address, String realm) throws IOException {
    RepositoryName repository = RepositoryName.parse(name);
    if (SifMirror.isMirror(repository)) {
      throw SifMirror.readOnly(repository);
    }
    Caller caller = gatekeeper.authenticate(authorization, address, realm);
    gatekeeper.require(caller, repository, Action.PUSH, realm);
    ContentRange range = ContentRange.parse(contentRange);
    long length = contentLength < 0 && !chunkedBody ? 0 : contentLength;
    return switch (kind) {
      case PATCH -> new Begun(kind, repository, id, null, uploads.beginChunk(repository, id, range, length), null);
      case COMPLETE -> {
        Digest expected = required(digest, "complete upload " + id);
        Descriptor recovered = uploads.recoverIfCommitted(repository, id, expected);
        yield recovered != null ? new Begun(kind, repository, id, expected, null, recovered)
            : new Begun(kind, repository, id, expected, uploads.beginChunk(repository, id, range, length), null);
      }
      case MONOLITHIC -> {
        Digest expected = required(digest, "upload to " + repository);
        yield new Begun(kind, repository, null, expected, uploads.beginMonolithic(repository, expected, length),
            null);
      }
    };
  }

  /** Ends a begun request after its body was written: records the chunk, or commits the blob. */
  public Object finish(Begun begun) throws IOException {
    if (begun.recovered() != null) {
      return begun.recovered();
    }
    return switch (begun.kind()) {
      case PATCH -> uploads.endChunk(begun.chunk());
      case COMPLETE, MONOLITHIC -> uploads.commit(begun.chunk(), begun.digest());
    };
  }

  private static Digest required(String digest, String action) {
    if (digest == null || digest.isEmpty()) {
      throw new RegistryException(OciError.DIGEST_INVALID, action + ": the digest query parameter is required");
    }
    return Digest.parse(digest);
  }
}
