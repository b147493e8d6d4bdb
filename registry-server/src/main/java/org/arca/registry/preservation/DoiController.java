package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.access.RequiresRole;
import org.arca.core.image.OciJson;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiState;
import org.arca.preservation.metadata.Doi;
import org.arca.registry.api.JsonRequests;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Realm;

/**
 * {@code /api/v1/dois}: request a DOI for an image (its owner), read one (anyone who may pull the image), list,
 * approve and withdraw (curators), and correct the metadata (the owner).
 */
@Tag(name = "DOIs", description = "Version DOIs for images: request, approve, withdraw, correct")
@Controller("/api/v1/dois")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiController {
  private final DoiRequests requests;
  private final DoiViews views;
  private final AuthConfiguration auth;

  DoiController(DoiRequests requests, DoiViews views, AuthConfiguration auth) {
    this.requests = requests;
    this.views = views;
    this.auth = auth;
  }

  /**
   * {@code {"repository","digest","tag","metadata":{...}}}: 201 with the new DOI, 200 when the image already had one.
   * The optional tag, which must point at the digest, is the one the DOI is minted for (else the image's first tag).
   */
  @Operation(summary = "Requests a DOI for an image: 201 with the new DOI, 200 when the image already had one")
  @Post(consumes = MediaType.ALL)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  public HttpResponse<byte[]> request(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json = json(body);
    RepositoryName repository = RepositoryName.parse(required(json, "repository"));
    Digest digest = Digest.parse(required(json, "digest"));
    String tag = json.hasNonNull("tag") ? json.get("tag").asText() : null;
    DoiRequests.Minted minted = requests.request(Callers.of(request), Callers.address(request), repository, digest,
        tag, MetadataRequests.parse(json.get("metadata")), realm(request));
    return answer(minted.created() ? HttpStatus.CREATED : HttpStatus.OK, views.full(minted.record()))
        .header("Location", "/api/v1/dois/" + minted.record().doi());
  }

  @Operation(summary = "A DOI's record and state")
  @Get("/{prefix}/{suffix}")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> read(HttpRequest<?> request, @PathVariable String prefix,
      @PathVariable String suffix) {
    return answer(HttpStatus.OK, views.full(requests.read(Callers.of(request), doi(prefix, suffix))));
  }

  /** Version DOIs, oldest first, optionally of one state ({@code ?state=draft} is the approval queue). */
  @Get
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> list(HttpRequest<?> request, @Nullable @QueryValue String state,
      @Nullable @QueryValue Integer limit) {
    DoiState wanted;
    try {
      wanted = state == null || state.isBlank() ? null : DoiState.of(state);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(OciError.UNSUPPORTED, "unknown DOI state '" + state
          + "': draft, registered or findable").withStatus(400);
    }
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    ArrayNode list = root.putArray("dois");
    for (DoiRecord r : requests.list(Callers.of(request), wanted, limit == null ? 100 : limit)) {
      list.add(views.summary(r));
    }
    return answer(HttpStatus.OK, root);
  }

  @Operation(summary = "Approves a draft DOI and publishes it (curators)")
  @Post(uri = "/{prefix}/{suffix}/approve", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> approve(HttpRequest<?> request, @PathVariable String prefix,
      @PathVariable String suffix) {
    return answer(HttpStatus.OK, views.full(requests.approve(Callers.of(request), Callers.address(request),
        doi(prefix, suffix))));
  }

  /** {@code {"reason": "..."}}: the reason is shown on the tombstone page. */
  @Operation(summary = "Withdraws a DOI with a reason, shown on its tombstone page (curators)")
  @Post(uri = "/{prefix}/{suffix}/withdraw", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> withdraw(HttpRequest<?> request, @PathVariable String prefix,
      @PathVariable String suffix, @Nullable @Body byte[] body) {
    JsonNode json = body == null || body.length == 0 ? OciJson.MAPPER.createObjectNode() : json(body);
    return answer(HttpStatus.OK, views.full(requests.withdraw(Callers.of(request), Callers.address(request),
        doi(prefix, suffix), json.path("reason").asText(null))));
  }

  /** The {@code metadata} object of a request, to correct a DOI's record; its state stays. */
  @Put(uri = "/{prefix}/{suffix}/metadata", consumes = MediaType.ALL)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  public HttpResponse<byte[]> metadata(HttpRequest<?> request, @PathVariable String prefix,
      @PathVariable String suffix, @Body byte[] body) {
    return answer(HttpStatus.OK, views.full(requests.updateMetadata(Callers.of(request), Callers.address(request),
        doi(prefix, suffix), MetadataRequests.parse(json(body)), realm(request))));
  }

  private String realm(HttpRequest<?> request) {
    return Realm.of(auth, name -> request.getHeaders().get(name));
  }

  static Doi doi(String prefix, String suffix) {
    try {
      return new Doi(prefix, suffix);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(OciError.NAME_INVALID, e.getMessage());
    }
  }

  private static JsonNode json(byte[] body) {
    return JsonRequests.object(body);
  }

  private static String required(JsonNode json, String field) {
    return JsonRequests.required(json, field);
  }

  private static MutableHttpResponse<byte[]> answer(HttpStatus status, JsonNode body) {
    return HttpResponse.<byte[]>status(status).body(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
