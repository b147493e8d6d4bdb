package org.arca.preservation.metadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.registry.AccountProfiles;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/**
 * Gathers {@link ImageFacts} through the registry's ports: the manifest, the image config's labels (for an index, of
 * its first image), sizes, platforms, SIF referrers and the pusher's account profile.
 */
public final class ImageFactsReader {
  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final AccountProfiles accounts;

  /** A reader that knows no accounts: pushers are known by their account name only. */
  public ImageFactsReader(RegistryCatalog catalog, BlobStore blobs) {
    this(catalog, blobs, name -> Optional.empty());
  }

  public ImageFactsReader(RegistryCatalog catalog, BlobStore blobs, AccountProfiles accounts) {
    this.catalog = catalog;
    this.blobs = blobs;
    this.accounts = accounts;
  }

  /** The facts of {@code reference} (a tag or digest) in {@code repository}. */
  public ImageFacts read(RepositoryName repository, Reference reference) throws IOException {
    StoredManifest stored = catalog.manifest(repository, reference).orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, "read image facts of " + repository + ":" + reference + ": no such manifest"));
    Manifest manifest = stored.parse();
    String tag = reference instanceof Digest ? catalog.tagsOf(repository, stored.digest()).stream().findFirst()
        .orElse(null) : reference.toString();
    long size = stored.content().length;
    List<String> platforms = new ArrayList<>();
    Map<String, String> labels = Map.of();
    if (manifest.isIndex()) {
      Manifest firstImage = null;
      for (Descriptor child : manifest.manifests()) {
        size += child.size();
        if (child.platform() != null && !"unknown".equals(child.platform().os())) {
          platforms.add(child.platform().toString());
        }
        var childManifest = catalog.manifest(repository, child.digest());
        if (childManifest.isPresent()) {
          Manifest parsed = childManifest.get().parse();
          if (!parsed.isIndex()) {
            size += parsed.references().stream().mapToLong(Descriptor::size).sum();
            boolean attestation = "attestation-manifest".equals(
                child.annotations().get("vnd.docker.reference.type"));
            if (firstImage == null && !attestation) {
              firstImage = parsed;
            }
          }
        }
      }
      if (firstImage != null) {
        labels = labels(firstImage);
      }
    } else {
      size += manifest.references().stream().mapToLong(Descriptor::size).sum();
      ImageConfig config = config(manifest);
      if (config != null) {
        labels = config.labels();
        if (config.os() != null && config.architecture() != null) {
          platforms.add(config.os() + "/" + config.architecture()
              + (config.variant() == null ? "" : "/" + config.variant()));
        }
      }
    }
    List<Digest> variants = catalog.referrers(repository, stored.digest(), null).stream()
        .filter(d -> d.artifactType() != null && DraftMetadataBuilder.SIF_ARTIFACT_TYPES.contains(d.artifactType()))
        .map(Descriptor::digest).toList();
    return new ImageFacts(repository, tag, stored.digest(), stored.mediaType(), size, stored.pushedAt(),
        stored.pushedBy(), labels, manifest.annotations(), platforms, artifactType(manifest),
        manifest.subject() == null ? null : manifest.subject().digest(), variants,
        stored.pushedBy() == null ? null : accounts.profile(stored.pushedBy()).orElse(null));
  }

  /**
   * The artifact type: the manifest's own, else the config's media type when that is no image config, since SIFs
   * are stored as {@code apptainer push oras://} stores them, with the SIF config type and no artifactType field.
   */
  private static String artifactType(Manifest manifest) {
    if (manifest.artifactType() != null || manifest.isIndex()) {
      return manifest.artifactType();
    }
    String config = manifest.config().mediaType();
    boolean image = config.equals(MediaTypes.OCI_CONFIG) || config.equals(MediaTypes.DOCKER_CONFIG);
    return image ? null : config;
  }

  private Map<String, String> labels(Manifest image) {
    ImageConfig config = config(image);
    return config == null ? Map.of() : config.labels();
  }

  /** The image config, or null when the manifest's config is not an image config (an artifact's). */
  private ImageConfig config(Manifest manifest) {
    String type = manifest.config().mediaType();
    if (!type.equals(MediaTypes.OCI_CONFIG) && !type.equals(MediaTypes.DOCKER_CONFIG)) {
      return null;
    }
    try (InputStream in = blobs.open(manifest.config().digest())) {
      return ImageConfig.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("read image config " + manifest.config().digest(), e);
    }
  }
}
