package org.arca.registry.sif;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.FileCustomizableResponseType;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Realm;
import org.arca.registry.storage.BlobBodies;
import org.arca.registry.storage.BlobStorage;

/**
 * {@code GET /sif/<repository>/<tag-or-digest>.sif}, with {@code Range}, a file name, and the SIF's digest. Plain
 * HTTP/1.1 connections are answered by the Netty blob handler with {@code sendfile}; this controller answers the
 * others (TLS, HTTP/2).
 */
// {path:.+} rather than {+path}: the same match (a path holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "SIF", description = "Singularity/Apptainer images converted from OCI images")
@Controller("/sif")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SifDownloadController {
  private final SifDownload downloads;
  private final BlobStorage storage;
  private final AuthConfiguration auth;

  public SifDownloadController(SifDownload downloads, BlobStorage storage, AuthConfiguration auth) {
    this.downloads = downloads;
    this.storage = storage;
    this.auth = auth;
  }

  @Operation(summary = "Downloads `<repository>/<tag-or-digest>.sif`, with Range")
  @Get(uri = "/{path:.+}", produces = MediaType.ALL)
  public HttpResponse<?> download(@PathVariable String path, @Nullable @QueryValue String platform,
      HttpRequest<?> request) throws IOException {
    SifDownload.Target target = downloads.resolve(path, platform, Callers.of(request),
        Realm.of(auth, name -> request.getHeaders().get(name)));
    FileCustomizableResponseType body;
    try {
      body = BlobBodies.of(storage, target.blob().digest(), target.blob().size());
    } catch (NoSuchFileException e) {
      throw new RegistryException(OciError.BLOB_UNKNOWN,
          "the SIF " + target.blob().digest() + " is recorded but its bytes are missing");
    }
    return HttpResponse.ok(body)
        .header("Content-Disposition", target.contentDisposition())
        .header("Docker-Content-Digest", target.blob().digest().toString())
        .header("Digest", target.digestHeader())
        .header("ETag", "\"" + target.blob().digest() + "\"");
  }
}
