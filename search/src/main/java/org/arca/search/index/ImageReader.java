package org.arca.search.index;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.search.image.FoundDocument;
import org.arca.search.image.ImageContent;
import org.arca.search.recipe.InstalledPackage;
import org.arca.search.layer.DocumentationExtractor;
import org.arca.search.layer.FileFact;
import org.arca.search.layer.ImageContentFiles;
import org.arca.search.layer.ImageFilesystem;
import org.arca.search.recipe.NotARecipeException;
import org.arca.search.recipe.Recipe;
import org.arca.search.recipe.RecipeKind;
import org.arca.search.recipe.RecipeReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what search indexes about an image from the registry's ports: the manifest, the config, the layers (streamed,
 * through {@link ImageFilesystem}), and the artifacts attached to it through the referrers API.
 */
public final class ImageReader {
  /** Artifact types of SIF files pushed with ORAS (the config media type stands in when no artifactType is set). */
  public static final Set<String> SIF_ARTIFACT_TYPES =
      Set.of("application/vnd.sylabs.sif.config.v1+json", "application/vnd.sylabs.sif.layer.v1.sif");
  private static final long MAX_CONFIG_BYTES = 8L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ImageReader.class);

  /** How search sees a manifest. */
  public enum Role {
    /** An image manifest: indexed as an image. */
    IMAGE,
    /** An image index: indexed as one image with the content of its platform images. */
    INDEX,
    /** An artifact attached to another manifest ({@code subject}): indexed on that manifest's document. */
    REFERRER,
    /** Anything else (an artifact without subject): not an image, not indexed. */
    OTHER
  }

  /** What the referrers of an image contribute. */
  public record Referrers(List<Recipe> recipes, List<String> digests, boolean hasSif) {}

  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final SearchLimits limits;
  private final RecipeReader recipes = new RecipeReader();
  private final DocumentationExtractor documentation;

  public ImageReader(RegistryCatalog catalog, BlobStore blobs, SearchLimits limits) {
    this.catalog = catalog;
    this.blobs = blobs;
    this.limits = limits;
    this.documentation = new DocumentationExtractor(limits.maxDocumentChars());
  }

  public static Role role(Manifest manifest) {
    if (manifest.subject() != null) {
      return Role.REFERRER;
    }
    if (manifest.isIndex()) {
      return Role.INDEX;
    }
    String configType = manifest.config().mediaType();
    boolean imageConfig = MediaTypes.OCI_CONFIG.equals(configType) || MediaTypes.DOCKER_CONFIG.equals(configType);
    return imageConfig && manifest.artifactType() == null ? Role.IMAGE : Role.OTHER;
  }

  public Optional<StoredManifest> manifest(RepositoryName repository, Digest digest) {
    return catalog.manifest(repository, digest);
  }

  /** The platform manifests of an index that are images (attestations and the like are left out). */
  public static List<Descriptor> platformManifests(Manifest index) {
    List<Descriptor> children = new ArrayList<>();
    for (Descriptor child : index.manifests()) {
      boolean attestation = "attestation-manifest".equals(child.annotations().get("vnd.docker.reference.type"))
          || child.platform() != null && "unknown".equals(child.platform().os());
      if (!attestation && MediaTypes.isManifest(child.mediaType()) && !MediaTypes.isIndex(child.mediaType())) {
        children.add(child);
      }
    }
    return children;
  }

  /** Reads an image manifest's or an image index's content. */
  public ImageContent content(RepositoryName repository, StoredManifest stored) throws IOException {
    Manifest manifest = stored.parse();
    if (!manifest.isIndex()) {
      return image(manifest, stored.mediaType(), manifest.annotations());
    }
    Builder merged = new Builder(stored.mediaType());
    merged.annotations.putAll(manifest.annotations());
    for (Descriptor child : platformManifests(manifest)) {
      merged.children.add(child.digest().toString());
      Optional<StoredManifest> childStored = catalog.manifest(repository, child.digest());
      if (childStored.isEmpty()) {
        continue;
      }
      Manifest childManifest = childStored.get().parse();
      if (role(childManifest) != Role.IMAGE) {
        continue;
      }
      merged.add(image(childManifest, childStored.get().mediaType(), childManifest.annotations()));
    }
    return merged.build();
  }

  private ImageContent image(Manifest manifest, String mediaType, Map<String, String> annotations) throws IOException {
    ImageConfig config = config(manifest.config());
    long size = manifest.config().size();
    ImageContentFiles files = new ImageContentFiles(documentation, limits.maxDocuments());
    ImageFilesystem filesystem = new ImageFilesystem(files, limits.maxLayerBytes());
    for (Descriptor layer : manifest.layers()) {
      size += layer.size();
      if (!isTarLayer(layer.mediaType())) {
        continue;
      }
      OptionalLong stored = blobs.size(layer.digest());
      if (stored.isEmpty()) {
        // a non-distributable layer the registry never received, or content being deleted: index what is there
        LOG.debug("layer {} of an image is not stored; indexing without it", layer.digest());
        continue;
      }
      filesystem.apply(() -> blobs.open(layer.digest()));
    }
    Builder builder = new Builder(mediaType);
    builder.size = size;
    if (config != null) {
      builder.created = config.created();
      if (config.os() != null || config.architecture() != null) {
        String platform = config.os() + "/" + config.architecture()
            + (config.variant() == null || config.variant().isEmpty() ? "" : "/" + config.variant());
        builder.platforms.add(platform);
        if (config.architecture() != null) {
          builder.architectures.add(config.architecture());
        }
      }
      builder.labels.putAll(config.labels());
      config.history().stream().map(h -> h.createdBy()).filter(c -> c != null && !c.isBlank())
          .forEach(builder.history::add);
      builder.env.addAll(config.env());
    }
    builder.annotations.putAll(annotations);
    for (FileFact fact : filesystem.factList()) {
      if (fact instanceof FileFact.Packages p) {
        builder.packages.addAll(p.packages());
      } else if (fact instanceof FileFact.Document d) {
        builder.documents.add(d.document());
      }
    }
    builder.truncated = filesystem.truncated();
    return builder.build();
  }

  private ImageConfig config(Descriptor descriptor) throws IOException {
    if (descriptor.size() > MAX_CONFIG_BYTES) {
      LOG.warn("image config {} has {} bytes, more than search reads; indexing without it", descriptor.digest(),
          descriptor.size());
      return null;
    }
    try (InputStream in = blobs.open(descriptor.digest())) {
      return ImageConfig.parse(in);
    } catch (RegistryException e) {
      LOG.warn("image config {} is unreadable: {}", descriptor.digest(), e.getMessage());
      return null;
    }
  }

  static boolean isTarLayer(String mediaType) {
    return mediaType.contains(".tar") || mediaType.contains("rootfs") || mediaType.endsWith("layer.v1");
  }

  /** Reads the recipes and SIFs attached to any of {@code subjects} (an image, or an index and its platforms). */
  public Referrers referrers(RepositoryName repository, List<Digest> subjects) {
    List<Recipe> found = new ArrayList<>();
    Set<String> digests = new LinkedHashSet<>();
    boolean sif = false;
    for (Digest subject : subjects) {
      for (Descriptor referrer : catalog.referrers(repository, subject, null)) {
        String type = referrer.artifactType();
        if (type != null && SIF_ARTIFACT_TYPES.contains(type)) {
          sif = true;
          digests.add(referrer.digest().toString());
        } else if (RecipeKind.isRecipeArtifactType(type)) {
          digests.add(referrer.digest().toString());
          recipe(repository, referrer, RecipeKind.ofArtifactType(type).orElse(null)).ifPresent(found::add);
        }
      }
    }
    return new Referrers(found, new ArrayList<>(digests), sif);
  }

  private Optional<Recipe> recipe(RepositoryName repository, Descriptor referrer, RecipeKind hint) {
    try {
      Optional<StoredManifest> stored = catalog.manifest(repository, referrer.digest());
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      Manifest artifact = stored.get().parse();
      if (artifact.layers().isEmpty()) {
        return Optional.empty();
      }
      Descriptor layer = artifact.layers().get(0);
      if (layer.size() > RecipeReader.MAX_RECIPE_BYTES) {
        LOG.info("recipe {} in {} has {} bytes, more than search reads", referrer.digest(), repository, layer.size());
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = blobs.open(layer.digest())) {
        bytes = in.readNBytes(RecipeReader.MAX_RECIPE_BYTES);
      }
      String fileName = layer.annotations().get("org.opencontainers.image.title");
      return Optional.of(recipes.read(bytes, hint, fileName));
    } catch (NotARecipeException e) {
      LOG.info("recipe {} attached in {} is not indexed: {}", referrer.digest(), repository, e.getMessage());
    } catch (IOException | RegistryException e) {
      LOG.warn("recipe {} attached in {} could not be read: {}", referrer.digest(), repository, e.getMessage());
    }
    return Optional.empty();
  }

  /** Collects content, and merges the content of an index's platform images. */
  private static final class Builder {
    final String mediaType;
    long size;
    String created;
    final Set<String> platforms = new LinkedHashSet<>();
    final Set<String> architectures = new LinkedHashSet<>();
    final Map<String, String> labels = new LinkedHashMap<>();
    final Map<String, String> annotations = new LinkedHashMap<>();
    final List<String> history = new ArrayList<>();
    final List<String> env = new ArrayList<>();
    final Set<InstalledPackage> packages = new LinkedHashSet<>();
    final List<FoundDocument> documents = new ArrayList<>();
    final List<String> children = new ArrayList<>();
    boolean truncated;

    Builder(String mediaType) {
      this.mediaType = mediaType;
    }

    /** Adds a platform image; the first one's history, environment and documents speak for the index. */
    void add(ImageContent platform) {
      boolean first = platforms.isEmpty();
      size += platform.size();
      if (created == null) {
        created = platform.created();
      }
      platforms.addAll(platform.platforms());
      architectures.addAll(platform.architectures());
      platform.labels().forEach(labels::putIfAbsent);
      platform.annotations().forEach(annotations::putIfAbsent);
      if (first) {
        history.addAll(platform.history());
        env.addAll(platform.env());
        documents.addAll(platform.documents());
      }
      packages.addAll(platform.packages());
      truncated |= platform.truncated();
    }

    ImageContent build() {
      return new ImageContent(mediaType, size, created, new ArrayList<>(platforms), new ArrayList<>(architectures),
          labels, annotations, history, env, new ArrayList<>(packages), documents, children, truncated);
    }
  }
}
