package org.arca.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Collection;
import java.util.Optional;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.image.OciJson;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.TagListing;
import org.arca.core.vetting.VettingRecords;

/**
 * What the repository and image pages show, as JSON, so that a script sees exactly what a reader sees:
 * {@code GET /api/v1/repositories/<name>/tags} (the tags table: filtered, sorted, paged) and
 * {@code GET /api/v1/images/<repository>:<tag>} or {@code <repository>@<digest>} (platforms, layers with their build
 * steps, labels, referrers, recipe, vetting). Private repositories answer 404 to those who may not read them, exactly
 * like ones that do not exist.
 */
@Tag(name = "Images", description = "The facts the web pages show about repositories and images")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImageApi {
  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final TagListing tags;
  private final Optional<VettingRecords> vetting;
  private final PageReaders readers;

  ImageApi(RegistryCatalog catalog, BlobStore blobs, TagListing tags, Optional<VettingRecords> vetting,
      PageReaders readers) {
    this.catalog = catalog;
    this.blobs = blobs;
    this.tags = tags;
    this.vetting = vetting;
    this.readers = readers;
  }

  @Operation(summary = "The tags table of a repository (`?filter=` part of a tag, `?sort=name|pushed`, `?page=`)")
  @Get(uri = "/repositories/{name:.+}/tags", produces = MediaType.APPLICATION_JSON)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> tagTable(HttpRequest<?> request, @PathVariable String name,
      @Nullable @QueryValue String filter, @Nullable @QueryValue String sort, @Nullable @QueryValue String page) {
    RepositoryName repository = visible(name, readers.hiddenFrom(request));
    TagListing.Order order = "pushed".equals(sort) ? TagListing.Order.PUSHED : TagListing.Order.NAME;
    int number = Pages.pageNumber(page);
    int size = RepositoryPages.TAGS_PER_PAGE;
    TagListing.TagTable table = tags.tags(repository, filter == null ? "" : filter.strip(), order,
        (number - 1) * size, size);
    ObjectNode body = OciJson.MAPPER.createObjectNode();
    body.put("repository", repository.value());
    body.put("total", table.total());
    body.put("page", number);
    body.put("pageSize", size);
    ArrayNode rows = body.putArray("tags");
    for (TagListing.TagRow row : table.rows()) {
      ObjectNode r = rows.addObject();
      r.put("tag", row.tag());
      r.put("digest", row.digest().toString());
      r.put("mediaType", row.mediaType());
      r.put("size", row.size());
      row.architectures().forEach(r.putArray("architectures")::add);
      r.put("pushedAt", row.pushedAt().toString());
    }
    return json(body);
  }

  @Operation(summary = "What the image page shows of `<repository>:<tag>` or `<repository>@<digest>`")
  @Get(uri = "/images/{path:.+}", produces = MediaType.APPLICATION_JSON)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> imageFacts(HttpRequest<?> request, @PathVariable String path) {
    int at = path.indexOf('@');
    int colon = path.lastIndexOf(':');
    int split = at > 0 ? at : colon > path.lastIndexOf('/') ? colon : -1;
    if (split <= 0) {
      throw new RegistryException(OciError.NAME_INVALID,
          "name the image as <repository>:<tag> or <repository>@<digest>");
    }
    RepositoryName repository = visible(path.substring(0, split), readers.hiddenFrom(request));
    Reference reference = Reference.parse(path.substring(split + 1));
    ImageDetails image = ImageDetails.read(catalog, blobs, repository, reference).orElseThrow(() ->
        new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + reference + " is not in " + repository));
    ObjectNode body = OciJson.MAPPER.createObjectNode();
    body.put("repository", repository.value());
    body.put("digest", image.digest().toString());
    body.put("mediaType", image.mediaType());
    body.put("pushedAt", image.pushedAt().toString());
    body.put("pushedBy", image.pushedBy());
    image.tags().forEach(body.putArray("tags")::add);
    body.put("platform", image.platform());
    ArrayNode platforms = body.putArray("platforms");
    image.platforms().forEach(p -> platforms.addObject().put("platform", p.platform()).put("digest", p.digest()));
    body.put("size", image.size());
    body.put("title", image.title());
    body.put("description", image.summary());
    body.put("license", image.license());
    ObjectNode labels = body.putObject("labels");
    image.labels().forEach(labels::put);
    ArrayNode history = body.putArray("history");
    for (ImageDetails.Step step : image.steps()) {
      ObjectNode s = history.addObject().put("createdBy", step.instruction()).put("created", step.created());
      s.put("layer", step.layerDigest());
    }
    ArrayNode referrers = body.putArray("referrers");
    for (ImageReferrers.Referrer r : ImageReferrers.of(catalog, repository, image.digest())) {
      referrers.addObject().put("kind", r.kind()).put("artifactType", r.artifactType()).put("digest", r.digest());
    }
    Recipes.of(catalog, blobs, repository, image.digest()).ifPresent(recipe ->
        body.putObject("recipe").put("kind", recipe.kind()).put("digest", recipe.digest()));
    ObjectNode vetted = body.putObject("vetting");
    Optional<VettingRecords.Decision> decision = vetting.flatMap(v -> v.current(image.digest()));
    vetted.put("vetted", decision.map(VettingRecords.Decision::vetted).orElse(false));
    decision.ifPresent(d -> vetted.put("policy", d.policy()).put("decidedBy", d.decidedBy())
        .put("decidedAt", d.decidedAt().toString()).put("reason", d.reason()));
    return json(body);
  }

  private RepositoryName visible(String name, Collection<RepositoryName> hidden) {
    if (!RepositoryName.isValid(name)) {
      throw new RegistryException(OciError.NAME_INVALID, "invalid repository name");
    }
    RepositoryName repository = RepositoryName.parse(name);
    if (hidden.contains(repository) || !catalog.exists(repository)) {
      throw new RegistryException(OciError.NAME_UNKNOWN, "repository " + repository + " is not known");
    }
    return repository;
  }

  private static HttpResponse<byte[]> json(ObjectNode body) {
    return HttpResponse.ok(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
