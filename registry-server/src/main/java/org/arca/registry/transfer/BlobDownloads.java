package org.arca.registry.transfer;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.blob.BlobService;
import org.arca.registry.fixity.Check;
import org.arca.registry.fixity.FixityConfiguration;
import org.arca.registry.fixity.Outcome;
import org.arca.registry.fixity.Quarantine;
import org.arca.registry.fixity.SentBlobChecks;
import org.arca.registry.storage.BlobStorage;
import org.arca.registry.api.ByteRange;

/**
 * Decides what a blob GET or HEAD answers: which file, which byte range, or which manifest bytes. Runs on a worker
 * thread; the Netty handler then sends the answer.
 */
@Singleton
public class BlobDownloads {
  private final BlobService blobs;
  private final BlobStorage storage;
  private final Gatekeeper gatekeeper;
  private final org.arca.registry.sif.SifDownload sifs;
  private final Quarantine quarantine;
  private final FixityConfiguration fixity;

  public BlobDownloads(BlobService blobs, BlobStorage storage, Gatekeeper gatekeeper,
      org.arca.registry.sif.SifDownload sifs, Quarantine quarantine, FixityConfiguration fixity) {
    this.blobs = blobs;
    this.storage = storage;
    this.gatekeeper = gatekeeper;
    this.sifs = sifs;
    this.quarantine = quarantine;
    this.fixity = fixity;
  }

  /** Whether a full download is hashed while it is sent (a range cannot be checked against the digest). */
  boolean verifiesFullDownloads() {
    return fixity.verifyDownloads();
  }

  /** A download's bytes did not hash to its digest: quarantines the blob. Touches the database: call off the loop. */
  void corruptionFound(Digest digest, String detail) {
    quarantine.record(new Check(digest, Outcome.CORRUPT, detail), SentBlobChecks.AGENT);
  }

  /**
   * What a SIF download answers: the SIF blob of {@code path} ({@code <repository>/<reference>.sif}), with the
   * headers a browser or curl user needs.
   */
  Download prepareSif(String path, String platform, String rangeHeader, boolean head, String authorization,
      String address, String realm) throws IOException {
    Caller caller = gatekeeper.authenticate(authorization, address, realm);
    org.arca.registry.sif.SifDownload.Target target = sifs.resolve(path, platform, caller, realm);
    // not redirected: the object store would not send the file name and digest headers a SIF download carries
    Download file = file(target.repository(), target.blob().digest(), target.blob().size(), rangeHeader, head, false);
    return file instanceof FileDownload f
        ? new FileDownload(f.digest(), f.channel(), f.stream(), f.size(), f.range(), java.util.Map.of(
            "Content-Disposition", target.contentDisposition(), "Digest", target.digestHeader()))
        : file;
  }

  /** What to send. */
  sealed interface Download permits FileDownload, BytesDownload, NotSatisfiable, Redirect {
    Digest digest();
  }

  /**
   * A range of a blob, already open so that a concurrent garbage collection cannot pull it away between the check and
   * the send: as a file {@code channel} when the storage offers local files (sent with zero-copy), otherwise as a
   * {@code stream} of exactly the range's bytes. Both are null for a HEAD.
   */
  record FileDownload(Digest digest, FileChannel channel, InputStream stream, long size, ByteRange range,
      java.util.Map<String, String> extraHeaders) implements Download {
    FileDownload(Digest digest, FileChannel channel, InputStream stream, long size, ByteRange range) {
      this(digest, channel, stream, size, range, java.util.Map.of());
    }
  }

  /** A manifest fetched through the blobs endpoint. */
  record BytesDownload(Digest digest, byte[] content) implements Download {}

  /** A 307 to where the storage serves the blob itself (a presigned URL). */
  record Redirect(Digest digest, URI location) implements Download {}

  /** A range outside the blob: 416 with the blob's size. */
  record NotSatisfiable(Digest digest, long size) implements Download {}

  Download prepare(String name, String digestText, String rangeHeader, boolean head, String authorization,
      String address, String realm) throws IOException {
    RepositoryName repository = RepositoryName.parse(name);
    Caller caller = gatekeeper.authenticate(authorization, address, realm);
    gatekeeper.require(caller, repository, Action.PULL, realm);
    Digest digest = Digest.parse(digestText);
    BlobService.Found found = blobs.find(repository, digest);
    if (found instanceof BlobService.ManifestAsBlob manifest) {
      return new BytesDownload(digest, manifest.manifest().content());
    }
    long size = ((BlobService.LinkedBlob) found).size();
    return file(repository, digest, size, rangeHeader, head, true);
  }

  private Download file(RepositoryName repository, Digest digest, long size, String rangeHeader, boolean head,
      boolean redirectable) throws IOException {
    quarantine.refuseIfQuarantined(digest);
    if (redirectable && !head) {
      Optional<URI> location = storage.redirect(digest);
      if (location.isPresent()) {
        return new Redirect(digest, location.get()); // a Range header goes along with the client to the store
      }
    }
    ByteRange.Request request = ByteRange.parse(rangeHeader, size);
    if (request instanceof ByteRange.Unsatisfiable) {
      return new NotSatisfiable(digest, size);
    }
    ByteRange range = request instanceof ByteRange.Part part ? part.range() : null;
    if (head) {
      return new FileDownload(digest, null, null, size, range);
    }
    Optional<Path> file = storage.localFile(digest);
    try {
      if (file.isEmpty()) {
        InputStream stream = range == null ? storage.open(digest, 0, size)
            : storage.open(digest, range.start(), range.length());
        return new FileDownload(digest, null, stream, size, range);
      }
      FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.READ);
      try {
        SentBlobChecks.requireRecordedSize(quarantine, digest, size, channel.size());
      } catch (RuntimeException e) {
        channel.close();
        throw e;
      }
      return new FileDownload(digest, channel, null, size, range);
    } catch (NoSuchFileException e) {
      throw SentBlobChecks.refuseMissing(quarantine, digest);
    }
  }
}
