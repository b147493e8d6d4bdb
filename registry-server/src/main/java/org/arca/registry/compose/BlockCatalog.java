package org.arca.registry.compose;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.image.LayerCompression;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.vetting.VettingRecords;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.compose.ComposeStore.Base;
import org.arca.registry.compose.ComposeStore.Block;
import org.arca.registry.compose.ComposeStore.Layer;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.ManifestRow;

/**
 * The curators' catalog: bases under short aliases, grouped in families of compatible bases, and building blocks (the
 * layers an image adds on top of its base). Registering a block reads each of its own layers once and records its
 * diffID and files, so that composing reads no layer.
 */
@Singleton
class BlockCatalog {
  /** Where a block image names its base (image-spec annotations, also set as a label by some builders). */
  static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
  private static final Pattern ALIAS = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");

  private final ManifestService manifests;
  private final BlobStore blobs;
  private final Database database;
  private final ComposeStore store;
  private final Clock clock;
  private final VettingRecords vetting;
  private final Gatekeeper gatekeeper;

  BlockCatalog(ManifestService manifests, BlobStore blobs, Database database, ComposeStore store, Clock clock,
      @Nullable VettingRecords vetting, Gatekeeper gatekeeper) {
    this.gatekeeper = gatekeeper;
    this.manifests = manifests;
    this.blobs = blobs;
    this.database = database;
    this.store = store;
    this.clock = clock;
    this.vetting = vetting;
  }

  /** An image resolved in its repository: the manifest's digest, the reference asked for, and the parsed manifest. */
  record Image(RepositoryName repository, String version, Digest digest, Manifest manifest) {}

  Base registerBase(String alias, RepositoryName repository, Reference reference, String family, String curator) {
    Image image = image(published(repository), reference);
    Base base = new Base(checkAlias(alias), repository, image.digest(), checkAlias(family), curator, clock.instant());
    database.write(c -> {
      store.putBase(c, base);
      return null;
    });
    return base;
  }

  /**
   * Registers {@code repository:reference} as block {@code alias}: finds its base (the base-digest annotation, or the
   * registered base whose layers its own begin with, the longest if several), and records what its own layers hold.
   */
  Block registerBlock(String alias, RepositoryName repository, Reference reference, String curator) {
    checkAlias(alias);
    Image image = image(published(repository), reference);
    List<Descriptor> layers = image.manifest().layers();
    String declared = image.manifest().annotations().get(BASE_DIGEST);
    Base base = null;
    Manifest baseManifest = null;
    for (Base candidate : bases()) {
      Manifest candidateManifest = image(candidate.repository(), candidate.digest()).manifest();
      List<Descriptor> baseLayers = candidateManifest.layers();
      boolean prefix = baseLayers.size() < layers.size() && digests(layers.subList(0, baseLayers.size()))
          .equals(digests(baseLayers));
      boolean named = declared != null && declared.equals(candidate.digest().toString());
      if ((named || declared == null) && prefix
          && (baseManifest == null || baseLayers.size() > baseManifest.layers().size())) {
        base = candidate;
        baseManifest = candidateManifest;
      }
    }
    if (base == null) {
      throw new RegistryException(OciError.UNSUPPORTED, "register block " + alias + " from " + repository + "@"
          + image.digest() + ": " + (declared != null
              ? "its base " + declared + " is not a registered base whose layers it begins with"
              : "no registered base's layers are a prefix of its " + layers.size() + " layers")
          + "; register the base first (POST /api/v1/blocks/bases)").withStatus(400);
    }
    int baseLayerCount = baseManifest.layers().size();
    for (Descriptor layer : layers.subList(baseLayerCount, layers.size())) {
      recordLayer(repository, layer);
    }
    Block block = new Block(alias, repository, image.version(), image.digest(), base.digest(), baseLayerCount,
        curator, clock.instant());
    database.write(c -> {
      store.putBlock(c, block);
      return null;
    });
    return block;
  }

  /** A catalog entry must be public: whatever it holds is served to anyone who pulls a composed name. */
  private RepositoryName published(RepositoryName repository) {
    if (!gatekeeper.may(Caller.ANONYMOUS, repository, Action.PULL)) {
      throw new RegistryException(OciError.UNSUPPORTED, repository + " is not public (or does not exist):"
          + " compositions are pulled by anyone, so only public images can be bases or blocks").withStatus(400);
    }
    return repository;
  }

  /** Reads a layer once, unless a block registered before holds the same layer. */
  private void recordLayer(RepositoryName repository, Descriptor layer) {
    if (database.read(c -> store.hasLayer(c, layer.digest()))) {
      return;
    }
    LayerFiles files;
    try (InputStream in = LayerCompression.decompress(blobs.open(layer.digest()), layer.mediaType())) {
      files = LayerFiles.read(in);
    } catch (IOException e) {
      throw new RegistryException(OciError.MANIFEST_INVALID, "read layer " + layer.digest() + " of " + repository
          + ": it is not a readable layer tar (" + e.getMessage() + ")", e).withStatus(400);
    }
    Layer record = new Layer(layer.digest(), files.diffId(), files.entries().size(), files.unpackedSize(),
        files.encodeEntries());
    database.write(c -> {
      store.putLayer(c, record);
      return null;
    });
  }

  List<Base> bases() {
    return database.read(store::bases);
  }

  List<Block> blocks() {
    return database.read(store::blocks);
  }

  Optional<Base> base(String alias) {
    return bases().stream().filter(b -> b.alias().equals(alias)).findFirst();
  }

  Optional<Block> block(String alias) {
    return blocks().stream().filter(b -> b.alias().equals(alias)).findFirst();
  }

  /** The recorded layer (diffID and files); every block layer was recorded when its block was registered. */
  Layer layer(Digest digest) {
    return database.read(c -> store.layer(c, digest)).orElseThrow(() -> new IllegalStateException(
        "layer " + digest + " of a registered block has no record"));
  }

  /** The block's own layers, after its base's. */
  List<Descriptor> ownLayers(Block block) {
    List<Descriptor> layers = image(block.repository(), block.digest()).manifest().layers();
    return layers.subList(block.baseLayers(), layers.size());
  }

  /** The decision in force for {@code manifest}; without a vetting feature nothing is vetted. */
  Optional<VettingRecords.Decision> decision(Digest manifest) {
    return vetting == null ? Optional.empty() : vetting.current(manifest);
  }

  boolean vetted(Digest manifest) {
    return decision(manifest).map(VettingRecords.Decision::vetted).orElse(false);
  }

  boolean allowsUnvettedInputs(String namespace) {
    return vetting != null && vetting.allowsUnvettedInputs(namespace);
  }

  /** The known aliases nearest to {@code unknown} (edit distance at most a third of its length, at least 2). */
  static List<String> closest(String unknown, List<String> known) {
    int limit = Math.max(2, unknown.length() / 3);
    Map<String, Integer> distances = known.stream()
        .collect(Collectors.toMap(k -> k, k -> distance(unknown, k), (a, b) -> a));
    return distances.entrySet().stream()
        .filter(e -> e.getValue() <= limit || e.getKey().startsWith(unknown) || unknown.startsWith(e.getKey()))
        .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .limit(3).map(Map.Entry::getKey).toList();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** The image manifest {@code reference} names in {@code repository}; an index or unknown name is refused. */
  Image image(RepositoryName repository, Reference reference) {
    long id = manifests.repositoryId(repository).orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN,
        "repository " + repository + " is not known"));
    Digest digest = manifests.resolve(repository, id, reference).orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, repository + (reference instanceof Tag ? ":" : "@") + reference + " is not known"));
    ManifestRow row = manifests.manifest(repository, id, digest).orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, repository + "@" + digest + " is not known"));
    Manifest manifest = Manifest.parse(row.content(), row.mediaType());
    if (manifest.isIndex() || manifest.config() == null) {
      throw new RegistryException(OciError.UNSUPPORTED, repository + "@" + digest + " is " + row.mediaType()
          + ", not an image manifest: name one platform's image").withStatus(400);
    }
    String version = reference instanceof Tag tag ? tag.value() : digest.shortHex();
    return new Image(repository, version, digest, manifest);
  }

  byte[] readSmallBlob(Digest digest, long size) {
    try (InputStream in = blobs.open(digest)) {
      return in.readNBytes((int) Math.min(size, 4L << 20));
    } catch (IOException e) {
      throw new UncheckedIOException("read " + digest, e);
    }
  }

  static String checkAlias(String alias) {
    if (alias == null || alias.length() > 64 || !ALIAS.matcher(alias).matches()) {
      throw new RegistryException(OciError.UNSUPPORTED, "alias '" + alias + "' is not valid: lower-case letters,"
          + " digits and single . _ - between them, at most 64 characters (e.g. samtools, r-4.4)").withStatus(400);
    }
    return alias;
  }

  private static List<Digest> digests(List<Descriptor> layers) {
    List<Digest> digests = new ArrayList<>();
    layers.forEach(l -> digests.add(l.digest()));
    return digests;
  }
}
