package org.arca.registry.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.core.access.RequiresRole;
import org.arca.core.image.OciJson;
import org.arca.core.vetting.VettingRecords.Decision;
import org.arca.registry.api.JsonRequests;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Realm;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.compose.ComposeStore.Base;
import org.arca.registry.compose.ComposeStore.Block;
import org.arca.registry.compose.ComposeStore.Layer;
import org.arca.registry.metadata.Database;

/**
 * {@code /api/v1/blocks}, {@code /api/v1/bases} and {@code /api/v1/compositions}: the catalog of building blocks and
 * bases (anyone reads it, curators register), and compositions (signed-in users and robots).
 */
@Tag(name = "Composition", description = "Building blocks, bases and compositions from vetted layers")
@Controller("/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ComposeController {
  /** At most this many paths of a block are listed in its contents summary. */
  static final int LISTED_FILES = 200;

  private final BlockCatalog catalog;
  private final Composer composer;
  private final Gatekeeper gatekeeper;
  private final AuditLog audit;
  private final Database database;
  private final ComposeStore store;
  private final AuthConfiguration auth;

  ComposeController(BlockCatalog catalog, Composer composer, Gatekeeper gatekeeper, AuditLog audit,
      Database database, ComposeStore store, AuthConfiguration auth) {
    this.auth = auth;
    this.catalog = catalog;
    this.composer = composer;
    this.gatekeeper = gatekeeper;
    this.audit = audit;
    this.database = database;
    this.store = store;
  }

  @Operation(summary = "The bases blocks are composed onto, with their families of compatible bases (anyone)")
  @Get("/bases")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> bases() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    catalog.bases().forEach(b -> list.add(view(b)));
    return answer(HttpStatus.OK, list);
  }

  /** {@code {"alias":"debian","repository":"library/debian","reference":"bookworm","family":"debian-bookworm"}}. */
  @Operation(summary = "Registers (or moves) a base under an alias, in a family of compatible bases (curators)")
  @Post(uri = "/bases", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> registerBase(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json = JsonRequests.object(body);
    RepositoryName repository = RepositoryName.parse(JsonRequests.required(json, "repository"));
    String alias = JsonRequests.required(json, "alias");
    String family = json.hasNonNull("family") ? json.get("family").asText() : alias;
    Caller caller = Callers.of(request);
    Base base = catalog.registerBase(alias, repository, Reference.parse(JsonRequests.required(json, "reference")),
        family, caller.name());
    audit.success(caller.name(), "compose.base", repository + "@" + base.digest(), "alias " + alias,
        Callers.address(request));
    return answer(HttpStatus.CREATED, view(base));
  }

  @Operation(summary = "The building blocks: alias, version, base, size, vetting record (anyone)")
  @Get("/blocks")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> blocks() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    catalog.blocks().forEach(b -> list.add(view(b, false)));
    return answer(HttpStatus.OK, list);
  }

  @Operation(summary = "One building block with its contents: its layers and the files they hold (anyone)")
  @Get("/blocks/{alias}")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> block(@PathVariable String alias) {
    Block block = catalog.block(alias).orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN,
        "no block has the alias " + alias + closestHint(alias)).withStatus(404));
    return answer(HttpStatus.OK, view(block, true));
  }

  /** {@code {"alias":"samtools","repository":"tools/samtools","reference":"1.20"}}. */
  @Operation(summary = "Registers (or moves) a building block: an image's own layers on a registered base"
      + " (curators)")
  @Post(uri = "/blocks", consumes = MediaType.ALL)
  @RequiresRole(RequiresRole.ArchiveRole.CURATOR)
  @SecurityRequirement(name = "basic")
  public HttpResponse<byte[]> registerBlock(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json = JsonRequests.object(body);
    RepositoryName repository = RepositoryName.parse(JsonRequests.required(json, "repository"));
    String alias = JsonRequests.required(json, "alias");
    Caller caller = Callers.of(request);
    Block block = catalog.registerBlock(alias, repository,
        Reference.parse(JsonRequests.required(json, "reference")), caller.name());
    audit.success(caller.name(), "compose.block", repository + "@" + block.digest(), "alias " + alias,
        Callers.address(request));
    return answer(HttpStatus.CREATED, view(block, false));
  }

  /**
   * {@code {"base":"debian","blocks":["samtools","r-4.4"],"config":{"env":[...],"cmd":[...]},
   * "repository":"alice/analysis","tag":"v1","allowOverride":false}}; {@code "files":"sha256:..."} names a tar of
   * the requester's own files, pushed as a blob to the repository first, that becomes the last layer (at most 64 MiB).
   */
  @Operation(summary = "Composes an image from a base and blocks without copying layers; the same request always"
      + " gives the same digest (signed-in users and robots; pushing to the target repository)")
  @Post(uri = "/compositions", consumes = MediaType.ALL)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  public HttpResponse<byte[]> compose(HttpRequest<?> request, @Body byte[] body) {
    Caller caller = Callers.of(request);
    if (caller.isAnonymous()) {
      throw gatekeeper.unauthorized("authentication required to compose", realm(request), null);
    }
    CompositionRequest asked = parse(JsonRequests.object(body));
    RepositoryName repository;
    String tag;
    if (asked.repository() == null) {
      repository = Composer.defaultRepository(asked);
      tag = asked.tag() != null ? asked.tag()
          : "c-" + Digest.sha256(OciJson.bytes(asked.canonical())).hex().substring(0, 16);
    } else {
      repository = RepositoryName.parse(asked.repository());
      gatekeeper.require(caller, repository, Action.PUSH, realm(request));
      tag = asked.tag();
    }
    if (tag != null) {
      org.arca.core.Tag.parse(tag);
    }
    Composer.Result result = composer.compose(asked, repository, tag, caller.name());
    audit.success(caller.name(), "compose", repository + "@" + result.digest(), tag == null ? null : "tag " + tag,
        Callers.address(request));
    return answer(HttpStatus.CREATED, view(result));
  }

  @Operation(summary = "A stored composition: its request and the vetting decisions now in force for its inputs"
      + " (whoever may pull the repository)")
  @Get("/compositions/{path:.+}")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public HttpResponse<byte[]> composition(HttpRequest<?> request, @PathVariable String path) {
    int at = path.lastIndexOf('@');
    if (at <= 0 || !RepositoryName.isValid(path.substring(0, at))) {
      throw new RegistryException(OciError.NAME_INVALID, "composition " + path
          + ": expected /api/v1/compositions/<repository>@<digest>");
    }
    RepositoryName repository = RepositoryName.parse(path.substring(0, at));
    Digest digest = Digest.parse(path.substring(at + 1));
    Optional<ComposeStore.Composition> stored = gatekeeper.may(Callers.of(request), repository, Action.PULL)
        ? database.read(c -> store.composition(c, repository, digest)) : Optional.empty();
    ComposeStore.Composition composition = stored.orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, "no composition " + digest + " is stored in " + repository));
    ObjectNode view = OciJson.MAPPER.createObjectNode();
    view.put("repository", repository.value());
    view.put("digest", digest.toString());
    view.put("composedBy", composition.composedBy());
    view.put("composedAt", composition.composedAt().toString());
    JsonNode canonical = OciJson.readObject(composition.request().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        OciError.MANIFEST_INVALID, "the stored request");
    view.set("request", canonical);
    // the inputs as recorded in the image's labels, with the decisions in force now (a revocation shows here)
    ArrayNode inputs = view.putArray("inputs");
    boolean vettedNow = true;
    List<String[]> recorded = recordedInputs(repository, digest);
    for (String[] input : recorded) {
      Optional<Decision> decision = catalog.decision(Digest.parse(input[1]));
      vettedNow &= decision.map(Decision::vetted).orElse(false);
      ObjectNode node = inputs.addObject().put("role", input[2]).put("alias", input[0]).put("digest", input[1]);
      node.set("vetting", vettingView(decision));
    }
    view.put("vettedNow", vettedNow);
    return answer(HttpStatus.OK, view);
  }

  /** The base and blocks a composed image records in its labels: alias, digest, role. */
  private List<String[]> recordedInputs(RepositoryName repository, Digest digest) {
    var image = catalog.image(repository, digest);
    JsonNode config = OciJson.readObject(catalog.readSmallBlob(image.manifest().config().digest(),
        image.manifest().config().size()), OciError.MANIFEST_INVALID, "the composed image's config");
    JsonNode labels = config.path("config").path("Labels");
    List<String[]> inputs = new ArrayList<>();
    String base = labels.path(Composer.LABEL_BASE).asText("");
    if (base.contains("@")) {
      inputs.add(new String[] {base.substring(0, base.indexOf('@')), base.substring(base.indexOf('@') + 1), "base"});
    }
    for (String block : labels.path(Composer.LABEL_BLOCKS).asText("").split(",")) {
      if (block.contains("@")) {
        inputs.add(new String[] {block.substring(0, block.indexOf('@')), block.substring(block.indexOf('@') + 1),
            "block"});
      }
    }
    return inputs;
  }

  private static CompositionRequest parse(JsonNode json) {
    try {
      return OciJson.MAPPER.treeToValue(json, CompositionRequest.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RegistryException registry) {
        throw registry;
      }
      throw JsonRequests.invalid("the composition request is not valid: " + OciJson.problem(e));
    }
  }

  private String closestHint(String alias) {
    List<String> near = BlockCatalog.closest(alias, catalog.blocks().stream().map(Block::alias).toList());
    return near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)";
  }

  private ObjectNode view(Base base) {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    node.put("alias", base.alias());
    node.put("repository", base.repository().value());
    node.put("digest", base.digest().toString());
    node.put("family", base.family());
    node.put("registeredBy", base.registeredBy());
    node.put("registeredAt", base.registeredAt().toString());
    node.set("vetting", vettingView(catalog.decision(base.digest())));
    return node;
  }

  private ObjectNode view(Block block, boolean withFiles) {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    node.put("alias", block.alias());
    node.put("repository", block.repository().value());
    node.put("version", block.version());
    node.put("digest", block.digest().toString());
    node.put("baseDigest", block.baseDigest().toString());
    catalog.bases().stream().filter(b -> b.digest().equals(block.baseDigest())).findFirst()
        .ifPresent(b -> node.put("base", b.alias()).put("family", b.family()));
    node.put("registeredBy", block.registeredBy());
    node.put("registeredAt", block.registeredAt().toString());
    long size = 0;
    long unpacked = 0;
    int files = 0;
    ArrayNode layers = node.putArray("layers");
    List<String> paths = new ArrayList<>();
    for (Descriptor layer : catalog.ownLayers(block)) {
      Layer record = catalog.layer(layer.digest());
      size += layer.size();
      unpacked += record.unpackedSize();
      files += record.fileCount();
      layers.addObject().put("digest", layer.digest().toString()).put("diffId", record.diffId().toString())
          .put("size", layer.size()).put("files", record.fileCount());
      if (withFiles && paths.size() < LISTED_FILES) {
        LayerFiles.decodeEntries(record.files()).stream()
            .filter(e -> e.type() != LayerFiles.Type.DIRECTORY)
            .limit(LISTED_FILES - paths.size())
            .forEach(e -> paths.add(e.path()));
      }
    }
    node.put("size", size);
    node.put("unpackedSize", unpacked);
    node.put("fileCount", files);
    if (withFiles) {
      ArrayNode list = node.putArray("files");
      paths.forEach(list::add);
      node.put("filesTruncated", files > paths.size());
    }
    node.set("vetting", vettingView(catalog.decision(block.digest())));
    return node;
  }

  private static ObjectNode vettingView(Optional<Decision> decision) {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    if (decision.isEmpty()) {
      node.put("vetted", false);
      node.put("reason", "never vetted");
      return node;
    }
    Decision d = decision.get();
    node.put("vetted", d.vetted());
    node.put("policy", d.policy());
    node.put("decidedBy", d.decidedBy());
    node.put("decidedAt", d.decidedAt().toString());
    node.put("reason", d.reason());
    d.attestation().ifPresent(a -> node.put("attestation", a.toString()));
    return node;
  }

  private static ObjectNode view(Composer.Result result) {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    node.put("repository", result.repository().value());
    if (result.tag() != null) {
      node.put("tag", result.tag());
    }
    node.put("digest", result.digest().toString());
    node.put("size", result.size());
    node.put("pull", result.repository() + (result.tag() != null ? ":" + result.tag() : "@" + result.digest()));
    node.put("vetted", result.vetted());
    ArrayNode inputs = node.putArray("inputs");
    List<Composer.Input> all = new ArrayList<>();
    all.add(result.base());
    all.addAll(result.blocks());
    for (Composer.Input input : all) {
      ObjectNode i = inputs.addObject().put("role", input == result.base() ? "base" : "block")
          .put("alias", input.alias()).put("repository", input.repository().value())
          .put("digest", input.digest().toString());
      i.set("vetting", vettingView(input.decision()));
    }
    ArrayNode overridden = node.putArray("overridden");
    result.overridden().forEach(c -> overridden.add(OciJson.MAPPER.valueToTree(c)));
    result.statement().ifPresent(s -> node.put("provenance", s.toString()));
    return node;
  }

  private String realm(HttpRequest<?> request) {
    return Realm.of(auth, name -> request.getHeaders().get(name));
  }

  private static MutableHttpResponse<byte[]> answer(HttpStatus status, JsonNode body) {
    return HttpResponse.<byte[]>status(status).body(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
