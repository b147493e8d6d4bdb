package org.arca.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.RepositoryAccess;
import org.arca.registry.config.RegistryConfiguration;
import org.arca.registry.manifest.AcceptedTypes;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.manifest.PutResult;
import org.arca.registry.manifest.ServedManifest;

/**
 * Manifests by tag or digest: pull (with {@code Accept} negotiation), push, and delete.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#pulling-manifests">pulling manifests</a>
 */
// {name:.+} rather than {+name}: the same match (a name holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path. {reference:[^/]+} rather than {reference}: Micronaut's default variable
// stops at characters such as '!', '+' and ';', so a request for the tag a+b would match no route and get a
// "Page Not Found"; with the whole segment matched, Tag itself says why such a tag is invalid.
@Tag(name = "OCI Distribution")
@Controller("/v2/{name:.+}/manifests")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ManifestController {
  /** The last path segment, whatever it holds. */
  private static final String REFERENCE = "/{reference:[^/]+}";
  private final ManifestService manifests;
  private final RegistryConfiguration config;
  private final AuditLog audit;
  private final ManifestReads reads;

  public ManifestController(ManifestService manifests, RegistryConfiguration config, AuditLog audit,
      ManifestReads reads) {
    this.manifests = manifests;
    this.config = config;
    this.audit = audit;
    this.reads = reads;
  }

  @Operation(operationId = "pullManifest",
      summary = "A manifest by tag or digest, in a media type the Accept header allows")
  @Get(uri = REFERENCE, headRoute = false, produces = MediaType.ALL)
  @RepositoryAccess(Action.PULL)
  public HttpResponse<byte[]> get(@PathVariable String name, @PathVariable String reference,
      HttpRequest<?> request) {
    ServedManifest manifest = find(name, reference, request);
    reads.pulled(name, reference, manifest);
    return headers(HttpResponse.ok(manifest.content()), manifest);
  }

  @Operation(operationId = "checkManifest",
      summary = "Whether a manifest exists: its digest, type and size, without the body")
  @Head(REFERENCE)
  @RepositoryAccess(Action.PULL)
  @Produces(MediaType.ALL)
  public HttpResponse<?> head(@PathVariable String name, @PathVariable String reference, HttpRequest<?> request) {
    ServedManifest manifest = find(name, reference, request);
    return headers(HttpResponse.ok(), manifest)
        .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(manifest.content().length));
  }

  /** Stores the manifest exactly as sent; bodies over the configured limit are answered 413. */
  @Operation(operationId = "pushManifest",
      summary = "Stores a manifest under a tag or its digest; every blob it references must be in the repository")
  @Put(uri = REFERENCE, consumes = "*/*", produces = MediaType.ALL) // some clients send manifest types in Accept
  @RepositoryAccess(Action.PUSH)
  public HttpResponse<?> put(@PathVariable String name, @PathVariable String reference,
      @Nullable @io.micronaut.http.annotation.Header("Content-Type") String contentType,
      @Nullable @io.micronaut.http.annotation.Header("User-Agent") String userAgent,
      HttpRequest<?> request, @Body InputStream body) throws IOException {
    RepositoryName repository = Names.writableRepository(name);
    Reference ref = Reference.parse(reference);
    byte[] content = readLimited(body, request.getContentLength(), repository);
    String pusher = Callers.of(request).name();
    PutResult result = manifests.put(repository, ref, content, contentType, pusher, userAgent);
    audit.success(pusher, "manifest.push", repository + "@" + result.digest(),
        ref instanceof org.arca.core.Tag tag ? "tag " + tag : null, Callers.address(request));
    MutableHttpResponse<?> response = HttpResponse.created((Object) null)
        .header("Location", "/v2/" + repository + "/manifests/" + result.digest())
        .header(OciHeaders.CONTENT_DIGEST, result.digest().toString())
        .header("Content-Length", "0")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
    if (result.subject() != null) {
      response.header(OciHeaders.SUBJECT, result.subject().toString());
    }
    return response;
  }

  /** Deletes a tag (202; the manifest stays) or a manifest with its tags (202). */
  @Operation(operationId = "deleteManifest",
      summary = "Deletes a tag (the manifest stays), or a manifest by digest with its tags")
  @Delete(uri = REFERENCE, produces = MediaType.ALL) // clients (skopeo) send manifest types in Accept
  @RepositoryAccess(Action.DELETE)
  public HttpResponse<?> delete(@PathVariable String name, @PathVariable String reference, HttpRequest<?> request) {
    Reference ref = Reference.parse(reference);
    manifests.delete(Names.writableRepository(name), ref);
    audit.success(Callers.of(request).name(), ref instanceof org.arca.core.Tag ? "tag.delete" : "manifest.delete",
        name + (ref instanceof org.arca.core.Tag ? ":" : "@") + reference, null, Callers.address(request));
    return HttpResponse.accepted().header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  private ServedManifest find(String name, String reference, HttpRequest<?> request) {
    return reads.find(name, reference, request.getHeaders().getAll(HttpHeaders.ACCEPT));
  }

  private byte[] readLimited(InputStream body, long contentLength, RepositoryName repository) throws IOException {
    long max = config.maxManifestSize();
    if (contentLength > max) {
      // Read a moderately oversized body to its end before answering: a client still sending when the answer and
      // the close arrive sees a reset instead of the 413. Far larger bodies are refused unread (and the connection
      // closed), so nobody can make the registry read gigabytes to no purpose.
      if (contentLength <= DRAIN_LIMIT) {
        drain(body);
      }
      throw tooLarge(repository, contentLength, max);
    }
    byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (content.length > max) {
      drain(body);
      throw tooLarge(repository, -1, max);
    }
    return content;
  }

  /** Oversized manifest bodies up to this size are read and dropped before the 413. */
  private static final long DRAIN_LIMIT = 64L << 20;

  /** Reads and drops at most {@link #DRAIN_LIMIT} bytes of a body. */
  private static void drain(InputStream body) throws IOException {
    new org.arca.registry.storage.BoundedInputStream(body, DRAIN_LIMIT).transferTo(java.io.OutputStream.nullOutputStream());
  }

  private static RegistryException tooLarge(RepositoryName repository, long size, long max) {
    return new RegistryException(OciError.MANIFEST_INVALID, "put manifest to " + repository + ": "
        + (size >= 0 ? size + " bytes" : "the body") + " exceeds the limit of " + max + " bytes")
        .withStatus(413);
  }

  private static <T> MutableHttpResponse<T> headers(MutableHttpResponse<T> response, ServedManifest manifest) {
    return response
        .contentType(manifest.mediaType())
        .header(OciHeaders.CONTENT_DIGEST, manifest.digest().toString())
        .header("ETag", "\"" + manifest.digest() + "\"")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }
}
