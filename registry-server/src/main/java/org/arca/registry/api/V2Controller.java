package org.arca.registry.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import org.arca.core.image.OciJson;
import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.manifest.TagPage;

/**
 * The API's root ({@code GET /v2/}, which tells clients that this is an OCI registry) and the repository catalog.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#determining-support">determining support</a>
 */
@Tag(name = "OCI Distribution",
    description = "The OCI Distribution Specification 1.1 API (https://github.com/opencontainers/distribution-spec)")
@Controller("/v2")
public class V2Controller {
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
  private final ManifestService manifests;
  private final Gatekeeper gatekeeper;

  public V2Controller(ManifestService manifests, Gatekeeper gatekeeper) {
    this.manifests = manifests;
    this.gatekeeper = gatekeeper;
  }

  @Operation(operationId = "checkApi",
      summary = "Tells clients this is an OCI registry (401 asks callers without credentials to log in)")
  @Get(produces = {MediaType.APPLICATION_JSON, MediaType.ALL})
  public HttpResponse<byte[]> root() {
    return HttpResponse.ok(EMPTY_OBJECT).contentType(MediaType.APPLICATION_JSON_TYPE).header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  /** Repository names in lexical order, {@code n} at a time, with a {@code Link} to the next page. */
  @Operation(operationId = "listRepositories",
      summary = "Repository names the caller may pull, in lexical order, `n` at a time after `last`")
  @Get(uri = "/_catalog", produces = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<byte[]> catalog(@Nullable @QueryValue String n, @Nullable @QueryValue String last,
      HttpRequest<?> request) {
    Caller caller = Callers.of(request);
    TagPage page = manifests.repositories(Names.pageSize(n), last,
        name -> gatekeeper.may(caller, RepositoryName.parse(name), Action.PULL));
    var body = OciJson.MAPPER.createObjectNode();
    var list = body.putArray("repositories");
    page.items().forEach(list::add);
    MutableHttpResponse<byte[]> response = HttpResponse.ok(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    if (page.next() != null) {
      response.header("Link", Links.next("/v2/_catalog", page.items().size(), page.next()));
    }
    return response.header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }
}
