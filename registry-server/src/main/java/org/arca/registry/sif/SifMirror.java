package org.arca.registry.sif;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.Platform;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.registry.manifest.ManifestService;
import org.arca.registry.manifest.ServedManifest;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.ManifestRow;
import org.arca.registry.metadata.MetadataStore;

/**
 * The read-only {@code sif/} namespace: {@code sif/<repository>:<tag>} is the SIF converted from
 * {@code <repository>:<tag>}, stored as an OCI artifact the way {@code apptainer push oras://} stores one, with the
 * source image as its {@code subject}. Tags and digests of the source resolve alike; a multi-platform index
 * resolves to an index of its platforms' SIFs, from which Apptainer picks its own.
 */
@Singleton
public class SifMirror {
  public static final String NAMESPACE = "sif";

  private final ManifestService manifests;
  private final Database database;
  private final MetadataStore store;

  public SifMirror(ManifestService manifests, Database database, MetadataStore store) {
    this.manifests = manifests;
    this.database = database;
    this.store = store;
  }

  public static boolean isMirror(RepositoryName name) {
    return name.value().startsWith(NAMESPACE + "/");
  }

  /** The repository a mirror name stands for: {@code sif/a/b} is {@code a/b}. */
  public static RepositoryName source(RepositoryName mirror) {
    return RepositoryName.parse(mirror.value().substring(NAMESPACE.length() + 1));
  }

  public static RegistryException readOnly(RepositoryName mirror) {
    return new RegistryException(OciError.UNSUPPORTED, mirror + " is part of the read-only sif/ namespace: push to "
        + source(mirror) + " and Arca converts it");
  }

  /** The SIF manifest (or index of SIF manifests) that {@code sif/<source>:<reference>} names. */
  public ServedManifest manifest(RepositoryName source, Reference reference) {
    long repositoryId = manifests.repositoryId(source).orElseThrow(() -> noSif(source, reference, null));
    Digest digest = manifests.resolve(source, repositoryId, reference).orElseThrow(() -> noSif(source, reference, null));
    ManifestRow row = manifests.manifest(source, repositoryId, digest).orElseThrow(() -> noSif(source, reference, null));
    manifests.refuseIfWithdrawn(source, digest);
    if (isSif(row)) {
      return new ServedManifest(row.digest(), row.mediaType(), row.content());
    }
    if (MediaTypes.isIndex(row.mediaType())) {
      return index(source, repositoryId, reference, Manifest.parse(row.content(), row.mediaType()));
    }
    ManifestRow sif = latestSif(repositoryId, digest).orElseThrow(() -> noSif(source, reference, digest));
    manifests.refuseIfWithdrawn(source, sif.digest());
    return new ServedManifest(sif.digest(), sif.mediaType(), sif.content());
  }

  /**
   * The SIF blob for a download: of the image {@code reference} names, or for an index of the image for
   * {@code platform} ({@code os/arch[/variant]}).
   */
  public Descriptor sifBlob(RepositoryName source, Reference reference, String platform) {
    long repositoryId = manifests.repositoryId(source).orElseThrow(() -> noSif(source, reference, null));
    Digest digest = manifests.resolve(source, repositoryId, reference).orElseThrow(() -> noSif(source, reference, null));
    ManifestRow row = manifests.manifest(source, repositoryId, digest).orElseThrow(() -> noSif(source, reference, null));
    manifests.refuseIfWithdrawn(source, digest);
    if (MediaTypes.isIndex(row.mediaType())) {
      String wanted = platform == null || platform.isBlank() ? "linux/amd64" : platform;
      Descriptor child = Manifest.parse(row.content(), row.mediaType()).manifests().stream()
          .filter(d -> d.platform() != null && d.platform().toString().equals(wanted))
          .findFirst()
          .orElseThrow(() -> new RegistryException(OciError.MANIFEST_UNKNOWN, reference + " in " + source
              + " has no image for " + wanted + "; choose one with ?platform=os/arch"));
      digest = child.digest();
      row = manifests.manifest(source, repositoryId, digest).orElseThrow(() -> noSif(source, reference, null));
    }
    ManifestRow sif = isSif(row) ? row : latestSif(repositoryId, digest).orElseThrow(noSifFor(source, reference));
    manifests.refuseIfWithdrawn(source, sif.digest());
    Manifest parsed = Manifest.parse(sif.content(), sif.mediaType());
    return parsed.layers().stream().filter(l -> MediaTypes.SIF_LAYER.equals(l.mediaType())).findFirst()
        .orElseThrow(() -> new RegistryException(OciError.MANIFEST_INVALID, "the SIF artifact " + sif.digest()
            + " in " + source + " has no " + MediaTypes.SIF_LAYER + " layer"));
  }

  private java.util.function.Supplier<RegistryException> noSifFor(RepositoryName source, Reference reference) {
    return () -> noSif(source, reference, null);
  }

  private ServedManifest index(RepositoryName source, long repositoryId, Reference reference, Manifest index) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = root.putArray("manifests");
    List<Descriptor> children = new ArrayList<>(index.manifests());
    children.sort(Comparator.comparing(d -> d.platform() == null ? "" : d.platform().toString()));
    for (Descriptor child : children) {
      Platform platform = child.platform();
      if (platform == null || "unknown".equals(platform.os())) {
        continue; // attestation manifests and the like have no SIF
      }
      Optional<ManifestRow> sif = latestSif(repositoryId, child.digest());
      sif.ifPresent(s -> list.add(OciJson.write(new Descriptor(s.mediaType(), s.digest(), s.size(),
          MediaTypes.SIF_CONFIG, null, platform, null))));
    }
    if (list.isEmpty()) {
      throw noSif(source, reference, null);
    }
    byte[] bytes = OciJson.bytes(root);
    return new ServedManifest(Digest.sha256(bytes), MediaTypes.OCI_INDEX, bytes);
  }

  /**
   * The referrers response of {@code sif/<source>/referrers/<subject>}: the SIF artifacts of {@code subject} (whether
   * Arca converted them or a user pushed them) and whatever else Arca derived from it, such as a SIF's derivation
   * statement. Client-pushed referrers other than SIFs are listed under {@code <source>} only.
   */
  public byte[] referrers(RepositoryName source, Digest subject, String artifactType) {
    return manifests.referrers(source, subject, artifactType,
        row -> isSif(row) || Actors.derivesContent(row.pushedBy()));
  }

  /** The newest SIF artifact whose subject is {@code image}. */
  private Optional<ManifestRow> latestSif(long repositoryId, Digest image) {
    List<ManifestRow> referrers = database.read(c -> store.referrers(c, repositoryId, image, MediaTypes.SIF_CONFIG));
    if (referrers.isEmpty()) {
      return Optional.empty();
    }
    ManifestRow newest = referrers.get(referrers.size() - 1);
    return database.read(c -> store.manifest(c, repositoryId, newest.digest()));
  }

  private static boolean isSif(ManifestRow row) {
    return MediaTypes.SIF_CONFIG.equals(row.artifactType());
  }

  private static RegistryException noSif(RepositoryName source, Reference reference, Digest image) {
    return new RegistryException(OciError.MANIFEST_UNKNOWN, "no SIF of " + source
        + (reference instanceof Tag ? ":" : "@") + reference + (image == null ? "" : " (" + image + ")")
        + " yet: images are converted shortly after they are pushed; see /api/v1/sif/conversions");
  }
}
