package org.arca.registry.vetting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.access.RequiresRole;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryCatalog;
import org.arca.registry.api.JsonRequests;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.vetting.VettingService.BaseImage;
import org.arca.registry.vetting.VettingStore.StoredDecision;

/**
 * Vetting over {@code /api/v1} (docs/vetting.md): each namespace's policy and the decisions about images (curators
 * and admins); the decision in force and its history (anyone who may pull the image); Arca's public attestation key
 * (anyone).
 */
@Tag(name = "Vetting", description = "Vetting policies, curators' vetting decisions and their signed attestations")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class VettingController {
  private final VettingStore store;
  private final VettingService vetting;
  private final AttestationKey key;
  private final RegistryCatalog catalog;
  private final Gatekeeper gatekeeper;
  private final AuditLog audit;
  private final Clock clock;

  VettingController(VettingStore store, VettingService vetting, AttestationKey key, RegistryCatalog catalog,
      Gatekeeper gatekeeper, AuditLog audit, Clock clock) {
    this.store = store;
    this.vetting = vetting;
    this.key = key;
    this.catalog = catalog;
    this.gatekeeper = gatekeeper;
    this.audit = audit;
    this.clock = clock;
  }

  @Operation(summary = "A namespace's vetting policy, or the default one it follows (curators; a password only)")
  @Get("/namespaces/{name}/vetting-policy")
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> vettingPolicy(@PathVariable String name) {
    return answer(HttpStatus.OK, policyView(store, namespace(name)));
  }

  /** A namespace's policy as GET answers it (and {@code arca vetting policy show} prints it). */
  static ObjectNode policyView(VettingStore store, String namespace) {
    Optional<VettingStore.StoredPolicy> stored = store.policy(namespace);
    ObjectNode body = OciJson.MAPPER.createObjectNode().put("namespace", namespace)
        .put("default", stored.isEmpty());
    body.set("policy", stored.map(VettingStore.StoredPolicy::policy).orElse(VettingPolicy.DEFAULT).toJson());
    stored.ifPresent(p -> body.put("updatedBy", p.updatedBy()).put("updatedAt", p.updatedAt().toString()));
    return body;
  }

  /** The body is the policy document of docs/vetting.md; fields left out take the default policy's values. */
  @Operation(summary = "Sets a namespace's vetting policy (curators; a password only)")
  @Put(uri = "/namespaces/{name}/vetting-policy", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> setVettingPolicy(HttpRequest<?> request, @PathVariable String name, @Body byte[] body) {
    String namespace = namespace(name);
    VettingPolicy policy;
    try {
      policy = VettingPolicy.parse(JsonRequests.object(body));
    } catch (IllegalArgumentException e) {
      throw JsonRequests.invalid("vetting policy of " + namespace + ": " + e.getMessage());
    }
    String actor = Callers.of(request).name();
    store.putPolicy(namespace, policy, actor, clock.instant());
    audit.success(actor, "vetting.policy.set", "namespace " + namespace, policy.toJson().toString(),
        Callers.address(request));
    return vettingPolicy(name);
  }

  /**
   * {@code {"reason":"...", "base":"<repository>@<digest>"}}, both optional; with {@code base}, only the layers the
   * image adds on top of that base are vetted (a building block).
   */
  @Operation(summary = "Vets an image (or, with a base, the layers it adds) if it meets its namespace's policy;"
      + " 409 with every unmet requirement otherwise (curators; a password only)")
  @Post(uri = "/repositories/{name:.+}/manifests/{digest}/vetting", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> vet(HttpRequest<?> request, @PathVariable String name, @PathVariable String digest,
      @Nullable @Body byte[] body) {
    JsonNode json = body == null || body.length == 0 ? OciJson.MAPPER.createObjectNode() : JsonRequests.object(body);
    Optional<BaseImage> base = Optional.empty();
    if (json.hasNonNull("base")) {
      base = Optional.of(BaseImage.parse(json.get("base").asText()));
    }
    RepositoryName repository = RepositoryName.parse(name);
    String actor = Callers.of(request).name();
    StoredDecision decision;
    try {
      decision = vetting.vet(repository, Digest.parse(digest), base, actor, json.path("reason").asText(null));
    } catch (RegistryException e) {
      audit.failure(actor, "vetting.vet", repository + "@" + digest, e.getMessage(), Callers.address(request));
      throw e;
    }
    audit.success(actor, "vetting.vet", repository + "@" + digest, decision.scope(), Callers.address(request));
    return answer(HttpStatus.CREATED, view(decision));
  }

  /** {@code {"reason":"..."}} (required). */
  @Operation(summary = "Revokes an image's vetting with a reason (curators; a password only)")
  @Post(uri = "/repositories/{name:.+}/manifests/{digest}/vetting/revoke", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> revokeVetting(HttpRequest<?> request, @PathVariable String name,
      @PathVariable String digest, @Body byte[] body) {
    String reason = JsonRequests.required(JsonRequests.object(body), "reason");
    RepositoryName repository = RepositoryName.parse(name);
    String actor = Callers.of(request).name();
    StoredDecision decision = vetting.revoke(repository, Digest.parse(digest), actor, reason);
    audit.success(actor, "vetting.revoke", repository + "@" + digest, reason, Callers.address(request));
    return answer(HttpStatus.OK, view(decision));
  }

  @Operation(summary = "The vetting decision in force for an image and its history, newest first (anyone who may"
      + " pull it)")
  @Get("/repositories/{name:.+}/manifests/{digest}/vetting")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> vettingStatus(HttpRequest<?> request, @PathVariable String name,
      @PathVariable String digest) {
    RepositoryName repository = RepositoryName.parse(name);
    Digest manifest = Digest.parse(digest);
    if (!gatekeeper.may(Callers.of(request), repository, Action.PULL)
        || catalog.manifest(repository, manifest).isEmpty()) {
      throw new RegistryException(OciError.MANIFEST_UNKNOWN, "manifest " + manifest + " is not in " + repository);
    }
    return answer(HttpStatus.OK, statusView(store, repository, manifest));
  }

  /** The decision in force and the history, as GET answers it (and {@code arca vetting status} prints it). */
  static ObjectNode statusView(VettingStore store, RepositoryName repository, Digest manifest) {
    ObjectNode body = OciJson.MAPPER.createObjectNode().put("repository", repository.value())
        .put("digest", manifest.toString());
    var history = store.history(manifest);
    body.put("vetted", !history.isEmpty() && history.get(0).decision().vetted());
    if (history.isEmpty()) {
      body.putNull("current");
    } else {
      body.set("current", view(history.get(0)));
    }
    ArrayNode list = body.putArray("history");
    history.forEach(d -> list.add(view(d)));
    return body;
  }

  @Operation(summary = "The public key (PEM, ECDSA P-256) that verifies Arca's vetting attestations (anyone)")
  @Get(uri = "/vetting/public-key", produces = "application/x-pem-file")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<String> vettingPublicKey() {
    return HttpResponse.ok(key.publicKeyPem()).contentType("application/x-pem-file");
  }

  static ObjectNode view(StoredDecision stored) {
    var d = stored.decision();
    ObjectNode node = OciJson.MAPPER.createObjectNode().put("repository", stored.repository().value())
        .put("digest", d.manifest().toString()).put("vetted", d.vetted()).put("scope", stored.scope())
        .put("policy", d.policy()).put("decidedBy", d.decidedBy()).put("decidedAt", d.decidedAt().toString())
        .put("reason", d.reason());
    if (stored.base() != null) {
      node.putObject("base").put("repository", stored.baseRepository().value())
          .put("digest", stored.base().toString());
    }
    ArrayNode layers = node.putArray("layers");
    stored.layers().forEach(layer -> layers.add(layer.toString()));
    node.set("evidence", stored.evaluation().path("evidence"));
    node.set("unmet", stored.evaluation().path("unmet"));
    node.put("attestation", d.attestation().map(Digest::toString).orElse(null));
    return node;
  }

  static String namespace(String name) {
    if (!RepositoryName.isValid(name) || name.contains("/")) {
      throw new RegistryException(OciError.NAME_INVALID, "vetting policy: \"" + name
          + "\" is not a namespace (one repository path component)");
    }
    return name;
  }

  private static MutableHttpResponse<byte[]> answer(HttpStatus status, JsonNode body) {
    return HttpResponse.<byte[]>status(status).body(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
