package org.arca.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.RepositoryAccess;
import org.arca.registry.upload.ContentRange;
import org.arca.registry.upload.UploadService;
import org.arca.registry.upload.UploadStatus;

/**
 * Blob uploads: monolithic, single-request, chunked, resumed, and cross-repository mounts. Bodies are streamed to
 * storage on the blocking pool and never held in memory.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pushing-blobs">pushing blobs</a>
 */
// {name:.+} rather than {+name}: the same match (a name holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "OCI Distribution")
@Controller("/v2/{name:.+}/blobs/uploads")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UploadController {
  private final UploadService uploads;
  private final Gatekeeper gatekeeper;

  public UploadController(UploadService uploads, Gatekeeper gatekeeper) {
    this.uploads = uploads;
    this.gatekeeper = gatekeeper;
  }

  /**
   * Opens an upload session (202); with {@code digest}, stores the body as the whole blob (201); with {@code mount}
   * and {@code from}, links a blob from another repository (201) or, when that is not possible, opens a session
   * (202).
   */
  @Operation(operationId = "startUpload",
      summary = "Opens an upload (202), stores a whole blob with `digest` (201), or mounts one with `mount` and `from`")
  @Post(uri = "/", consumes = "*/*")
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> start(@PathVariable String name, @Nullable @QueryValue String digest,
      @Nullable @QueryValue String mount, @Nullable @QueryValue String from, HttpRequest<?> request,
      @Nullable @Body InputStream body) throws IOException {
    RepositoryName repository = Names.writableRepository(name);
    if (mount != null && !mount.isEmpty()) {
      Digest blob = Names.digest(mount);
      // Mounting from a repository the caller may not read would leak its content: then just open a session.
      if (from != null && !from.isEmpty()
          && gatekeeper.may(Callers.of(request), Names.repository(from), Action.PULL)) {
        Descriptor mounted = uploads.mount(repository, blob, Names.repository(from));
        if (mounted != null) {
          return created(repository, mounted.digest());
        }
      }
      discard(body);
      return session(HttpResponse.accepted(), uploads.start(repository));
    }
    if (digest != null && !digest.isEmpty()) {
      Descriptor stored = uploads.monolithic(repository, Names.digest(digest), request.getContentLength(), body);
      return created(repository, stored.digest());
    }
    discard(body);
    return session(HttpResponse.accepted(), uploads.start(repository));
  }

  /**
   * Reads and drops a body that opening a session does not use: an unread body would stall the connection, since
   * the client keeps sending it.
   */
  private static void discard(InputStream body) throws IOException {
    if (body != null) {
      body.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** Where an upload stands (204 with {@code Range}), e.g. to resume after a 416. */
  @Operation(operationId = "getUploadStatus",
      summary = "Where an upload stands: 204 with its Range, e.g. to resume after a 416")
  @Get("/{id}")
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> status(@PathVariable String name, @PathVariable String id) {
    return session(HttpResponse.noContent(), uploads.status(Names.repository(name), id));
  }

  /** Appends a chunk; a chunk that does not start where the upload stands is answered 416. */
  @Operation(operationId = "uploadChunk",
      summary = "Appends a chunk; one that does not start where the upload stands is answered 416")
  @Patch(uri = "/{id}", consumes = "*/*")
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> patch(@PathVariable String name, @PathVariable String id,
      @Nullable @Header("Content-Range") String contentRange, HttpRequest<?> request, @Nullable @Body InputStream body)
      throws IOException {
    UploadStatus status = uploads.append(Names.repository(name), id, ContentRange.parse(contentRange),
        request.getContentLength(), body);
    return session(HttpResponse.accepted(), status);
  }

  /** Completes the upload, with or without a final chunk, and commits it under {@code digest}. */
  @Operation(operationId = "completeUpload",
      summary = "Completes an upload, with or without a last chunk, and commits it under `digest`")
  @Put(uri = "/{id}", consumes = "*/*")
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> complete(@PathVariable String name, @PathVariable String id,
      @Nullable @QueryValue String digest, @Nullable @Header("Content-Range") String contentRange,
      HttpRequest<?> request, @Nullable @Body InputStream body) throws IOException {
    RepositoryName repository = Names.repository(name);
    Digest expected = Names.requiredDigest(digest, "complete upload " + id);
    long length = request.getContentLength();
    Descriptor blob = uploads.complete(repository, id, expected, ContentRange.parse(contentRange),
        length < 0 && !request.getHeaders().contains("Transfer-Encoding") ? 0 : length, body);
    return created(repository, blob.digest());
  }

  /** Cancels the upload and drops its bytes. */
  @Operation(operationId = "cancelUpload", summary = "Cancels an upload and drops its bytes")
  @Delete("/{id}")
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> cancel(@PathVariable String name, @PathVariable String id) throws IOException {
    uploads.cancel(Names.repository(name), id);
    return HttpResponse.noContent().header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  private static MutableHttpResponse<?> session(MutableHttpResponse<?> response, UploadStatus status) {
    return response
        .header("Location", "/v2/" + status.repository() + "/blobs/uploads/" + status.id())
        .header(OciHeaders.RANGE, status.range())
        .header(OciHeaders.UPLOAD_UUID, status.id())
        .header("Content-Length", "0")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  private static MutableHttpResponse<?> created(RepositoryName repository, Digest digest) {
    return HttpResponse.created((Object) null)
        .header("Location", "/v2/" + repository + "/blobs/" + digest)
        .header(OciHeaders.CONTENT_DIGEST, digest.toString())
        .header("Content-Length", "0")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }
}
