package org.arca.registry.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.RepositoryAccess;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.manifest.TagPage;
import org.arca.registry.sif.SifMirror;

/**
 * Content discovery: tags of a repository and the referrers of a manifest.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#content-discovery">content discovery</a>
 */
// {name:.+} rather than {+name}: the same match (a name holds slashes), and the OpenAPI processor, which skips
// {+...} variables, keeps it in the path
@Tag(name = "OCI Distribution")
@Controller("/v2/{name:.+}")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TagController {
  private final ManifestService manifests;
  private final ManifestReads reads;
  private final SifMirror sifMirror;

  public TagController(ManifestService manifests, ManifestReads reads, SifMirror sifMirror) {
    this.manifests = manifests;
    this.reads = reads;
    this.sifMirror = sifMirror;
  }

  /** Tags in lexical order, {@code n} at a time after {@code last}, with a {@code Link} to the next page. */
  @Operation(operationId = "listTags",
      summary = "Tags in lexical order, `n` at a time after `last`, with a Link to the next page")
  @Get(uri = "/tags/list", produces = {MediaType.APPLICATION_JSON, MediaType.ALL})
  @RepositoryAccess(Action.PULL)
  public HttpResponse<byte[]> tags(@PathVariable String name, @Nullable @QueryValue String n,
      @Nullable @QueryValue String last) {
    RepositoryName repository = Names.repository(name);
    TagPage page = reads.tags(repository, Names.pageSize(n), last);
    MutableHttpResponse<byte[]> response = HttpResponse.ok(ManifestReads.tagsBody(repository, page))
        .contentType(MediaType.APPLICATION_JSON_TYPE);
    String link = ManifestReads.tagsLink(repository, page);
    if (link != null) {
      response.header("Link", link);
    }
    return response.header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
  }

  /** An image index of the manifests whose subject is {@code digest}; empty, never 404, when there are none. */
  @Operation(operationId = "listReferrers",
      summary = "An image index of the manifests whose subject is `digest`, optionally of one `artifactType`")
  @Get(uri = "/referrers/{digest}", produces = {"application/vnd.oci.image.index.v1+json", MediaType.ALL})
  @RepositoryAccess(Action.PULL)
  public HttpResponse<byte[]> referrers(@PathVariable String name, @PathVariable String digest,
      @Nullable @QueryValue String artifactType) {
    RepositoryName repository = Names.repository(name);
    Digest subject = Names.digest(digest);
    String filter = artifactType == null || artifactType.isEmpty() ? null : artifactType;
    // what a client pushed is listed in its repository; what Arca derived (SIFs and their statements) under sif/
    byte[] index = SifMirror.isMirror(repository)
        ? sifMirror.referrers(SifMirror.source(repository), subject, filter)
        : manifests.referrers(repository, subject, filter);
    MutableHttpResponse<byte[]> response = HttpResponse.ok(index)
        .contentType("application/vnd.oci.image.index.v1+json")
        .header(OciHeaders.API_VERSION, OciHeaders.API_VERSION_VALUE);
    if (filter != null) {
      response.header(OciHeaders.FILTERS_APPLIED, "artifactType");
    }
    return response;
  }
}
