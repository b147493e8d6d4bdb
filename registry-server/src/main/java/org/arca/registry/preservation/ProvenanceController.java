package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryCatalog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;

/**
 * {@code GET /api/v1/provenance/<repository>@<digest>?depth=N}: an image's provenance (see {@link ProvenanceReport})
 * for anyone who may pull it; 404 otherwise, as for private content.
 */
// {path:.+} rather than {+path}: the same match (a path holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "Provenance")
@Controller("/api/v1/provenance")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class ProvenanceController {
  private final ProvenanceReport report;
  private final RegistryCatalog catalog;
  private final Gatekeeper gatekeeper;

  ProvenanceController(ProvenanceReport report, RegistryCatalog catalog, Gatekeeper gatekeeper) {
    this.report = report;
    this.catalog = catalog;
    this.gatekeeper = gatekeeper;
  }

  @Operation(summary = "The provenance of `<repository>@<digest>` (`?depth=N`), for anyone who may pull it")
  @Get("/{path:.+}")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> provenance(HttpRequest<?> request, @PathVariable String path,
      @Nullable @QueryValue Integer depth) throws IOException {
    ImagePath image = ImagePath.parse(path, "/api/v1/provenance/<repository>@<digest>");
    RepositoryName repository = image.repository();
    Digest digest = image.digest();
    if (!gatekeeper.may(Callers.of(request), repository, Action.PULL)
        || catalog.manifest(repository, digest).isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + digest + " is not in " + repository);
    }
    int limit = depth == null ? 10 : Math.max(1, Math.min(depth, 50));
    return HttpResponse.ok(OciJson.bytes(report.of(repository, digest, limit)))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
