package org.arca.registry.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.RepositoryAccess;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.blob.BlobService;
import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.arca.registry.storage.BlobBodies;
import org.arca.registry.fixity.Check;
import org.arca.registry.fixity.FixityConfiguration;
import org.arca.registry.fixity.Outcome;
import org.arca.registry.fixity.Quarantine;
import org.arca.registry.fixity.SentBlobChecks;
import org.arca.registry.storage.BlobStorage;

/**
 * Blobs: existence checks, downloads (with {@code Range}) and unlinking.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-blobs">pulling blobs</a>
 */
// {name:.+} rather than {+name}: the same match (a name holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "OCI Distribution")
@Controller("/v2/{name:.+}/blobs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class BlobController {
  private final BlobService blobs;
  private final BlobStorage storage;
  private final AuditLog audit;
  private final Quarantine quarantine;
  private final FixityConfiguration fixity;

  public BlobController(BlobService blobs, BlobStorage storage, AuditLog audit, Quarantine quarantine,
      FixityConfiguration fixity) {
    this.blobs = blobs;
    this.storage = storage;
    this.audit = audit;
    this.quarantine = quarantine;
    this.fixity = fixity;
  }

  @Operation(operationId = "checkBlob", summary = "Whether a blob is in the repository, and its size")
  @Head("/{digest}")
  @RepositoryAccess(Action.PULL)
  @Produces(MediaType.ALL)
  public HttpResponse<?> head(@PathVariable String name, @PathVariable String digest) {
    RepositoryName repository = Names.repository(name);
    Digest blob = Names.digest(digest);
    BlobService.Found found = blobs.find(repository, blob);
    if (found instanceof BlobService.LinkedBlob) {
      quarantine.refuseIfQuarantined(blob);
    }
    long length = found instanceof BlobService.LinkedBlob linked ? linked.size()
        : ((BlobService.ManifestAsBlob) found).manifest().size();
    return headers(HttpResponse.ok(), blob).header("Content-Length", Long.toString(length));
  }

  @Operation(operationId = "pullBlob", summary = "Downloads a blob, whole or a Range of it")
  @Get(uri = "/{digest}", headRoute = false, produces = MediaType.ALL)
  @RepositoryAccess(Action.PULL)
  public HttpResponse<?> get(@PathVariable String name, @PathVariable String digest, HttpRequest<?> request)
      throws IOException {
    RepositoryName repository = Names.repository(name);
    Digest blob = Names.digest(digest);
    BlobService.Found found = blobs.find(repository, blob);
    if (found instanceof BlobService.ManifestAsBlob manifest) {
      return headers(HttpResponse.ok(manifest.manifest().content()), blob);
    }
    quarantine.refuseIfQuarantined(blob);
    Optional<URI> redirect = storage.redirect(blob);
    if (redirect.isPresent()) {
      return headers(HttpResponse.temporaryRedirect(redirect.get()), blob);
    }
    long size = ((BlobService.LinkedBlob) found).size();
    try {
      Optional<Path> file = storage.localFile(blob);
      if (file.isPresent()) {
        SentBlobChecks.requireRecordedSize(quarantine, blob, size, Files.size(file.get()));
      }
      ByteRange.Request range = ByteRange.parse(request.getHeaders().get("Range"), size);
      if (range instanceof ByteRange.Unsatisfiable) {
        return headers(HttpResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE), blob)
            .header("Content-Range", "bytes */" + size);
      }
      if (range instanceof ByteRange.Part part) {
        // answered here rather than by Micronaut's file handling, which sends one byte too many for a suffix range
        ByteRange r = part.range();
        return headers(HttpResponse.status(HttpStatus.PARTIAL_CONTENT).body(new StreamedFile(
            storage.open(blob, r.start(), r.length()), MediaType.APPLICATION_OCTET_STREAM_TYPE, 0, r.length())), blob)
            .header("Content-Range", r.contentRange(size));
      }
      if (!fixity.verifyDownloads()) {
        return headers(HttpResponse.ok(BlobBodies.of(storage, blob, size)), blob);
      }
      // a whole blob is hashed while it is sent: the stream fails before its last bytes if they do not match
      InputStream verified = SentBlobChecks.verifying(storage.open(blob, 0, size), blob, size,
          mismatch -> quarantine.record(new Check(blob, Outcome.CORRUPT, mismatch), SentBlobChecks.AGENT));
      return headers(HttpResponse.ok(new StreamedFile(verified, MediaType.APPLICATION_OCTET_STREAM_TYPE, 0, size)),
          blob);
    } catch (NoSuchFileException e) {
      throw SentBlobChecks.refuseMissing(quarantine, blob);
    }
  }

  @Operation(operationId = "deleteBlob", summary = "Unlinks a blob from the repository")
  @Delete("/{digest}")
  @RepositoryAccess(Action.DELETE)
  public HttpResponse<?> delete(@PathVariable String name, @PathVariable String digest, HttpRequest<?> request) {
    blobs.delete(Names.writableRepository(name), Names.digest(digest));
    audit.success(Callers.of(request).name(), "blob.delete", name + "@" + digest, null, Callers.address(request));
    return HttpResponse.accepted().header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  private static <T> MutableHttpResponse<T> headers(MutableHttpResponse<T> response, Digest digest) {
    return response
        .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
        .header(OciHeaders.CONTENT_DIGEST, digest.toString())
        .header("ETag", "\"" + digest + "\"")
        .header("Accept-Ranges", "bytes")
        .header("Cache-Control", "max-age=31536000")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }
}
