package org.arca.registry.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.vetting.VettingRecords.Decision;
import org.arca.preservation.attestation.DerivationStatements;
import org.arca.preservation.attestation.ReferrerArtifact;
import org.arca.registry.compose.ComposeStore.Base;
import org.arca.registry.compose.ComposeStore.Block;
import org.arca.registry.compose.LayerFiles.Entry;
import org.arca.registry.compose.LayerFiles.Type;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.metadata.Database;
import org.arca.registry.upload.UploadService;

/**
 * Composes an image from a base and building blocks without copying a byte of their layers: a new config (the base's
 * with the blocks' diffIDs, as recorded when they were registered) and a manifest that points at the existing layer
 * blobs, which are linked into the target repository. Everything in the result follows from the request and the
 * inputs' content (fixed timestamps, the blocks' order, sorted labels), so the same request always gives the same
 * digest. The manifest is stored through the same path as a push, so search, SIF conversion and provenance follow
 * from the event log.
 */
@Singleton
class Composer {
  /** The namespace of compositions stored without a target: read-only, also the composed-on-pull names. */
  static final String NAMESPACE = "compose";
  static final String ACTOR = "arca-composer";
  static final String LABEL_BASE = "org.arca.composition.base";
  static final String LABEL_BLOCKS = "org.arca.composition.blocks";
  static final String LABEL_VETTED = "org.arca.vetted";
  /** Fixed, so that the time of composing does not change the digest. */
  static final String CREATED = "1970-01-01T00:00:00Z";

  private final BlockCatalog catalog;
  private final ManifestService manifests;
  private final UploadService uploads;
  private final Database database;
  private final ComposeStore store;
  private final Clock clock;
  private final OwnFilesLayer ownFiles;

  Composer(BlockCatalog catalog, ManifestService manifests, UploadService uploads, Database database,
      ComposeStore store, Clock clock, OwnFilesLayer ownFiles) {
    this.ownFiles = ownFiles;
    this.catalog = catalog;
    this.manifests = manifests;
    this.uploads = uploads;
    this.database = database;
    this.store = store;
    this.clock = clock;
  }

  /** One input and the vetting decision in force for it. */
  record Input(String alias, RepositoryName repository, Digest digest, Optional<Decision> decision) {
    boolean vetted() {
      return decision.map(Decision::vetted).orElse(false);
    }
  }

  /** Two blocks that disagree about a path: {@code kind} says how. */
  record Conflict(String path, String kind, List<String> blocks) {}

  /** A composition, stored or (when {@code stored} is false) only planned. */
  record Result(RepositoryName repository, String tag, Digest digest, long size, boolean vetted, Input base,
      List<Input> blocks, List<Conflict> overridden, Optional<Digest> statement) {}

  /** The composition's name when the request gives no target: {@code compose/<base>/<block>/...}. */
  static RepositoryName defaultRepository(CompositionRequest request) {
    return RepositoryName.parse(NAMESPACE + "/" + request.base() + "/" + String.join("/", request.blocks()));
  }

  static boolean isComposed(RepositoryName repository) {
    return repository.value().startsWith(NAMESPACE + "/");
  }

  /**
   * Composes and stores {@code request} in {@code repository} under {@code tag}, as {@code actor}. The caller has
   * checked that {@code actor} may push there.
   */
  Result compose(CompositionRequest request, RepositoryName repository, String tag, String actor) {
    Base base = catalog.base(request.base()).orElse(null);
    List<Block> blocks = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (base == null) {
      unknown.add(request.base());
    }
    for (String alias : request.blocks()) {
      catalog.block(alias).ifPresentOrElse(blocks::add, () -> unknown.add(alias));
    }
    if (!unknown.isEmpty()) {
      throw unknownAliases(unknown, base == null);
    }
    checkCompatible(base, blocks);
    Input baseInput = new Input(base.alias(), base.repository(), base.digest(), catalog.decision(base.digest()));
    List<Input> blockInputs = blocks.stream().map(b -> new Input(b.alias(), b.repository(), b.digest(),
        catalog.decision(b.digest()))).toList();
    boolean vetted = baseInput.vetted() && blockInputs.stream().allMatch(Input::vetted);
    if (!vetted && !catalog.allowsUnvettedInputs(repository.namespace())) {
      throw unvetted(repository, baseInput, blockInputs);
    }
    Map<Block, List<Descriptor>> ownLayers = new LinkedHashMap<>();
    blocks.forEach(b -> ownLayers.put(b, catalog.ownLayers(b)));
    // the requester's files are the last layer: they take part in the conflict check after every block
    Optional<OwnFilesLayer.Built> files = Optional.ofNullable(request.files())
        .map(tar -> ownFiles.build(repository, Digest.parse(tar)));
    Map<String, List<List<Entry>>> contents = new LinkedHashMap<>();
    ownLayers.forEach((block, own) -> contents.put(block.alias(), own.stream()
        .map(l -> LayerFiles.decodeEntries(catalog.layer(l.digest()).files())).toList()));
    files.ifPresent(f -> contents.put(OwnFilesLayer.OWNER, List.of(f.files().entries())));
    List<Conflict> conflicts = conflicts(contents);
    if (!conflicts.isEmpty() && !request.overrides()) {
      ObjectNode detail = OciJson.MAPPER.createObjectNode();
      ArrayNode list = detail.putArray("conflicts");
      conflicts.forEach(c -> list.add(OciJson.MAPPER.valueToTree(c)));
      throw new RegistryException(OciError.UNSUPPORTED, "compose " + String.join(", ", request.blocks()) + " on "
          + base.alias() + ": " + conflicts.size() + " path(s) conflict, e.g. " + conflicts.get(0).path() + " ("
          + conflicts.get(0).kind() + " in " + String.join(" and ", conflicts.get(0).blocks()) + "); see the"
          + " detail, or allow later blocks to override earlier ones with \"allowOverride\": true")
          .withStatus(409).withDetail(detail);
    }

    BlockCatalog.Image baseImage = catalog.image(base.repository(), base.digest());
    Manifest baseManifest = baseImage.manifest();
    // the files' layer, not the tar they came in, decides the image: the same files in another tar are the same
    ObjectNode canonicalRequest = request.canonical();
    files.ifPresent(f -> canonicalRequest.put("files", f.files().diffId().toString()));
    byte[] config = config(request, base, baseManifest, blocks, ownLayers, files, vetted);
    Descriptor configDescriptor = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
    List<Descriptor> layers = new ArrayList<>(baseManifest.layers());
    List<String> sources = new ArrayList<>();
    baseManifest.layers().forEach(l -> sources.add(base.repository() + "@" + base.digest()));
    ownLayers.forEach((block, own) -> {
      layers.addAll(own);
      own.forEach(l -> sources.add(block.repository() + "@" + block.digest()));
    });
    files.ifPresent(f -> {
      layers.add(f.layer());
      sources.add(repository + "@" + request.files()); // the tar the files came in
    });
    byte[] manifest = manifest(configDescriptor, layers, base, canonicalRequest);
    Digest digest = Digest.sha256(manifest);

    // link, never copy: every layer is mounted from the repository it was registered from
    int linked = layers.size() - (files.isPresent() ? 1 : 0); // the files' layer was stored there just now
    for (int i = 0; i < linked; i++) {
      RepositoryName from = RepositoryName.parse(sources.get(i).substring(0, sources.get(i).indexOf('@')));
      if (uploads.mount(repository, layers.get(i).digest(), from) == null) {
        throw new RegistryException(OciError.BLOB_UNKNOWN, "compose into " + repository + ": layer "
            + layers.get(i).digest() + " is no longer in " + from + "; a curator must register it again");
      }
    }
    pushSmallBlob(repository, config);
    manifests.put(repository, tag == null ? digest : Tag.parse(tag), manifest, MediaTypes.OCI_MANIFEST, actor,
        ACTOR);
    String canonical = new String(OciJson.bytes(canonicalRequest), StandardCharsets.UTF_8);
    Instant now = clock.instant();
    boolean isNew = database.write(c -> {
      boolean known = store.composition(c, repository, digest).isPresent();
      store.putComposition(c, new ComposeStore.Composition(repository, digest, canonical, actor, now));
      return !known;
    });
    Optional<Digest> statement = isNew
        ? Optional.of(storeStatement(repository, new Descriptor(MediaTypes.OCI_MANIFEST, digest, manifest.length),
            layers, sources, canonical, baseInput, blockInputs, now))
        : Optional.empty();
    return new Result(repository, tag, digest, manifest.length, vetted, baseInput, blockInputs,
        request.overrides() ? conflicts : List.of(), statement);
  }

  /** A block fits its own base, or a base the curator put in the same family as its own. */
  private void checkCompatible(Base base, List<Block> blocks) {
    Map<Digest, Base> byDigest = new HashMap<>();
    catalog.bases().forEach(b -> byDigest.putIfAbsent(b.digest(), b));
    List<String> reasons = new ArrayList<>();
    for (Block block : blocks) {
      if (block.baseDigest().equals(base.digest())) {
        continue;
      }
      Base own = byDigest.get(block.baseDigest());
      if (own == null) {
        reasons.add(block.alias() + " was built on " + block.baseDigest() + ", which is no longer a registered base");
      } else if (!own.family().equals(base.family())) {
        reasons.add(block.alias() + " was built on " + own.alias() + " (family " + own.family() + "), and "
            + base.alias() + " is of family " + base.family());
      }
    }
    if (!reasons.isEmpty()) {
      throw new RegistryException(OciError.UNSUPPORTED, "compose on " + base.alias() + ": incompatible base: "
          + String.join("; ", reasons) + ". A curator declares compatible bases by giving them one family.")
          .withStatus(400).withDetail(OciJson.MAPPER.valueToTree(Map.of("incompatible", reasons)));
    }
  }

  /**
   * Paths two blocks disagree about: a file (or link) that another block put there with other content, or a
   * whiteout that removes another block's files, by block alias (or {@link OwnFilesLayer#OWNER}) in stacking order,
   * each with its layers' entries. Within one block, later layers may change earlier ones.
   */
  private static List<Conflict> conflicts(Map<String, List<List<Entry>>> contents) {
    Map<String, Owner> owners = new TreeMap<>();
    Map<String, Conflict> conflicts = new LinkedHashMap<>();
    for (Map.Entry<String, List<List<Entry>>> block : contents.entrySet()) {
      String alias = block.getKey();
      for (List<Entry> layer : block.getValue()) {
        for (Entry entry : layer) {
          if (entry.type() == Type.WHITEOUT || entry.type() == Type.OPAQUE) {
            String removed = entry.removed();
            String under = removed.isEmpty() ? "" : removed + "/";
            var hit = owners.entrySet().iterator();
            while (hit.hasNext()) {
              var owned = hit.next();
              boolean inside = owned.getKey().startsWith(under) || (entry.type() == Type.WHITEOUT
                  && owned.getKey().equals(removed));
              if (inside && !owned.getValue().block().equals(alias)) {
                if (owned.getValue().entry().type() != Type.DIRECTORY) {
                  conflicts.putIfAbsent(owned.getKey(), new Conflict(owned.getKey(), "removed by a whiteout",
                      List.of(owned.getValue().block(), alias)));
                }
                hit.remove();
              }
            }
            continue;
          }
          Owner previous = owners.get(entry.path());
          if (previous != null && !previous.block().equals(alias)) {
            boolean bothDirectories = previous.entry().type() == Type.DIRECTORY && entry.type() == Type.DIRECTORY;
            if (!bothDirectories && !previous.entry().sameAs(entry)) {
              conflicts.putIfAbsent(entry.path(), new Conflict(entry.path(), "different content",
                  List.of(previous.block(), alias)));
            }
          }
          owners.put(entry.path(), new Owner(alias, entry));
        }
      }
    }
    return List.copyOf(conflicts.values());
  }

  private record Owner(String block, Entry entry) {}

  /**
   * The base's config with the blocks' layers added and the request's run settings applied. Written with Jackson
   * rather than Jib Core's image model: Jib reads a config into its own fields and writes back only those, so the
   * base's other settings (variant, os.version, StopSignal, ArgsEscaped, OnBuild, ...) would be dropped, and its OCI
   * manifest template carries no annotations (the base digest and request hash below). Jib builds the layer of the
   * requester's own files ({@link OwnFilesLayer}), where it does what we need exactly.
   */
  private byte[] config(CompositionRequest request, Base base, Manifest baseManifest, List<Block> blocks,
      Map<Block, List<Descriptor>> ownLayers, Optional<OwnFilesLayer.Built> files, boolean vetted) {
    ObjectNode baseConfig = OciJson.readObject(
        catalog.readSmallBlob(baseManifest.config().digest(), baseManifest.config().size()),
        OciError.MANIFEST_INVALID, "the config of base " + base.alias());
    ObjectNode config = OciJson.MAPPER.createObjectNode();
    config.put("created", CREATED);
    for (String field : List.of("architecture", "os", "variant", "os.version")) {
      if (baseConfig.hasNonNull(field)) {
        config.set(field, baseConfig.get(field));
      }
    }
    ObjectNode run = baseConfig.get("config") instanceof ObjectNode o ? o.deepCopy() : config.objectNode();
    CompositionRequest.RunConfig asked = request.config();
    if (asked != null) {
      if (asked.env() != null) {
        run.set("Env", env(run.get("Env"), asked.env()));
      }
      if (asked.entrypoint() != null) {
        run.set("Entrypoint", strings(asked.entrypoint()));
        run.remove("Cmd"); // as a Dockerfile's ENTRYPOINT clears the base's CMD
      }
      if (asked.cmd() != null) {
        run.set("Cmd", strings(asked.cmd()));
      }
      if (asked.workdir() != null) {
        run.put("WorkingDir", asked.workdir());
      }
    }
    Map<String, String> labels = new TreeMap<>();
    if (run.get("Labels") instanceof ObjectNode existing) {
      existing.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
    }
    if (asked != null && asked.labels() != null) {
      labels.putAll(asked.labels());
    }
    labels.put(LABEL_BASE, base.alias() + "@" + base.digest());
    labels.put(LABEL_BLOCKS, String.join(",", blocks.stream().map(b -> b.alias() + "@" + b.digest()).toList()));
    labels.put(LABEL_VETTED, Boolean.toString(vetted));
    ObjectNode labelNode = run.putObject("Labels");
    labels.forEach(labelNode::put);
    config.set("config", run);

    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    if (baseConfig.path("rootfs").path("diff_ids") instanceof ArrayNode baseIds) {
      baseIds.forEach(diffIds::add);
    }
    ArrayNode history = config.putArray("history");
    if (baseConfig.get("history") instanceof ArrayNode baseHistory) {
      baseHistory.forEach(history::add);
    }
    ownLayers.forEach((block, layers) -> layers.forEach(layer -> {
      diffIds.add(catalog.layer(layer.digest()).diffId().toString());
      history.addObject().put("created", CREATED)
          .put("created_by", "arca compose: block " + block.alias() + " (" + block.repository() + "@"
              + block.digest() + ")");
    }));
    files.ifPresent(f -> {
      diffIds.add(f.files().diffId().toString());
      history.addObject().put("created", CREATED).put("created_by", "arca compose: the requester's own files");
    });
    return OciJson.bytes(config);
  }

  private static ArrayNode env(JsonNode baseEnv, List<String> asked) {
    Map<String, String> byName = new LinkedHashMap<>();
    if (baseEnv instanceof ArrayNode list) {
      list.forEach(e -> byName.put(name(e.asText()), e.asText()));
    }
    asked.forEach(e -> byName.put(name(e), e));
    return strings(List.copyOf(byName.values()));
  }

  private static String name(String variable) {
    int equals = variable.indexOf('=');
    return equals < 0 ? variable : variable.substring(0, equals);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    values.forEach(list::add);
    return list;
  }

  private static byte[] manifest(Descriptor config, List<Descriptor> layers, Base base, ObjectNode request) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_MANIFEST);
    root.set("config", OciJson.write(config));
    ArrayNode list = root.putArray("layers");
    layers.forEach(l -> list.add(OciJson.write(new Descriptor(l.mediaType(), l.digest(), l.size()))));
    ObjectNode annotations = root.putObject("annotations");
    annotations.put(BlockCatalog.BASE_DIGEST, base.digest().toString());
    annotations.put("org.opencontainers.image.base.name", base.repository().value());
    annotations.put("org.arca.composition.request", Digest.sha256(OciJson.bytes(request)).toString());
    return OciJson.bytes(root);
  }

  /** Records how the image came to be as an in-toto statement, stored as its referrer. */
  private Digest storeStatement(RepositoryName repository, Descriptor subject, List<Descriptor> layers,
      List<String> sources, String request, Input base, List<Input> blocks, Instant now) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("request", request);
    parameters.put("base", base.alias() + "=" + base.repository() + "@" + base.digest());
    parameters.put("blocks", String.join(",", blocks.stream().map(b -> b.alias() + "=" + b.repository() + "@"
        + b.digest()).toList()));
    List<Input> inputs = new ArrayList<>();
    inputs.add(base);
    inputs.addAll(blocks);
    parameters.put("vetting", String.join("; ", inputs.stream().map(Composer::vettingSummary).toList()));
    String version = Optional.ofNullable(Composer.class.getPackage().getImplementationVersion()).orElse("dev");
    var statement = DerivationStatements.composition(new DerivationStatements.Composition(repository,
        subject.digest(), layers, sources, parameters, version, "arca", now, now));
    ReferrerArtifact artifact = ReferrerArtifact.of(statement, subject, now.toString());
    pushSmallBlob(repository, artifact.statement());
    pushSmallBlob(repository, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    return manifests.put(repository, artifact.manifestDigest(), artifact.manifest(), MediaTypes.OCI_MANIFEST, ACTOR,
        ACTOR).digest();
  }

  static String vettingSummary(Input input) {
    return input.alias() + ": " + input.decision().map(d -> (d.vetted() ? "vetted" : "not vetted") + " by "
        + d.decidedBy() + " at " + d.decidedAt() + " under policy " + d.policy()
        + d.attestation().map(a -> " (attestation " + a + ")").orElse("")).orElse("never vetted");
  }

  private void pushSmallBlob(RepositoryName repository, byte[] content) {
    try {
      uploads.monolithic(repository, Digest.sha256(content), content.length, new ByteArrayInputStream(content));
    } catch (IOException e) {
      throw new UncheckedIOException("store a blob of " + repository, e);
    }
  }

  private RegistryException unknownAliases(List<String> unknown, boolean baseUnknown) {
    List<String> knownBlocks = catalog.blocks().stream().map(Block::alias).toList();
    List<String> knownBases = catalog.bases().stream().map(Base::alias).toList();
    Map<String, List<String>> closest = new LinkedHashMap<>();
    for (int i = 0; i < unknown.size(); i++) {
      boolean isBase = baseUnknown && i == 0;
      closest.put(unknown.get(i), BlockCatalog.closest(unknown.get(i), isBase ? knownBases : knownBlocks));
    }
    StringBuilder message = new StringBuilder("unknown ").append(baseUnknown && unknown.size() == 1 ? "base" :
        "base or blocks").append(": ");
    List<String> parts = new ArrayList<>();
    closest.forEach((name, near) -> parts.add(name + (near.isEmpty() ? "" : " (did you mean " + String.join(", ",
        near) + "?)")));
    message.append(String.join("; ", parts)).append("; GET /api/v1/blocks lists the catalog");
    return new RegistryException(OciError.NAME_UNKNOWN, message.toString())
        .withDetail(OciJson.MAPPER.valueToTree(Map.of("unknown", unknown, "closest", closest)));
  }

  private static RegistryException unvetted(RepositoryName repository, Input base, List<Input> blocks) {
    List<Input> inputs = new ArrayList<>();
    inputs.add(base);
    inputs.addAll(blocks);
    List<String> refused = inputs.stream().filter(i -> !i.vetted()).map(Composer::vettingSummary).toList();
    return new RegistryException(OciError.DENIED, "compose into " + repository + ": only vetted inputs may be"
        + " composed, and the policy of " + repository.namespace() + " does not allow unvetted ones: "
        + String.join("; ", refused)).withDetail(OciJson.MAPPER.valueToTree(Map.of("unvetted", refused)));
  }
}
