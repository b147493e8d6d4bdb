package org.arca.registry.blob;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.WithdrawnContent;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.ManifestRow;
import org.arca.registry.metadata.MetadataStore;

/**
 * Which blobs a repository may serve, and unlinking them. A blob is readable through a repository only when it was
 * pushed or mounted there, so a private repository's layers cannot be fetched through another name.
 */
@Singleton
public class BlobService {
  private final Database database;
  private final MetadataStore store;
  private final List<WithdrawnContent> withdrawn;

  public BlobService(Database database, MetadataStore store, List<WithdrawnContent> withdrawn) {
    this.database = database;
    this.store = store;
    this.withdrawn = List.copyOf(withdrawn);
  }

  /** What a blob URL serves: the bytes of a linked blob, or a manifest of the repository fetched by digest. */
  public sealed interface Found permits LinkedBlob, ManifestAsBlob {}

  /** A blob linked to the repository, {@code size} bytes long. */
  public record LinkedBlob(Digest digest, long size) implements Found {}

  /** A manifest of the repository, served as a blob (some clients fetch every descriptor through /blobs/). */
  public record ManifestAsBlob(ManifestRow manifest) implements Found {}

  /**
   * What a client's blob GET or HEAD serves. Both the controller and the Netty fast path come through here, so a blob
   * that only withdrawn images reference is refused (410 Gone) on either; archival export reads the blob store
   * directly and still gets it.
   */
  public Found find(RepositoryName name, Digest digest) {
    // sif/<repository> serves the blobs of <repository>, where the SIF artifacts are stored.
    RepositoryName repository = org.arca.registry.sif.SifMirror.isMirror(name)
        ? org.arca.registry.sif.SifMirror.source(name) : name;
    refuseIfWithdrawn(repository, digest);
    Optional<Found> found = database.read(c -> {
      OptionalLong repositoryId = store.repositoryId(c, repository);
      if (repositoryId.isEmpty()) {
        return Optional.empty();
      }
      OptionalLong size = store.linkedBlobSize(c, repositoryId.getAsLong(), digest);
      if (size.isPresent()) {
        return Optional.of(new LinkedBlob(digest, size.getAsLong()));
      }
      return store.manifest(c, repositoryId.getAsLong(), digest).map(ManifestAsBlob::new);
    });
    return found.orElseThrow(() -> new RegistryException(OciError.BLOB_UNKNOWN,
        "blob " + digest + " is not in " + repository));
  }

  private void refuseIfWithdrawn(RepositoryName repository, Digest digest) {
    for (WithdrawnContent feature : withdrawn) {
      feature.blobWithdrawal(repository, digest).ifPresent(message -> {
        throw new RegistryException(OciError.BLOB_UNKNOWN, message).withStatus(410);
      });
    }
  }

  /**
   * Unlinks a blob from the repository. The bytes stay until garbage collection finds no repository links them.
   * A blob that a manifest of the repository still references is kept, so no manifest ever points at missing content,
   * and the refusal is 405 UNSUPPORTED, which the spec allows for a blob delete (403 DENIED is for authorisation, and
   * the conformance suite accepts only 2xx, 404 or 405 here). Deleting the manifests first, then the blob, works.
   */
  public void delete(RepositoryName repository, Digest digest) {
    database.write(c -> {
      OptionalLong repositoryId = store.repositoryId(c, repository);
      // the link is locked first: a manifest PUT that references the blob either committed before (and is found
      // below) or waits and then finds the blob unlinked
      if (repositoryId.isEmpty()
          || store.linkedBlobSizesForUpdate(c, repositoryId.getAsLong(), List.of(digest)).isEmpty()) {
        throw new RegistryException(OciError.BLOB_UNKNOWN, "delete blob " + digest + ": not in " + repository);
      }
      List<Digest> users = store.referencingManifests(c, repositoryId.getAsLong(), digest);
      if (!users.isEmpty()) {
        throw new RegistryException(OciError.UNSUPPORTED, "delete blob " + digest + " from " + repository
            + ": it is used by manifest " + users.get(0)
            + (users.size() > 1 ? " and " + (users.size() - 1) + " more" : "") + " in " + repository
            + "; delete " + (users.size() > 1 ? "those manifests" : "that manifest") + " first");
      }
      store.unlinkBlob(c, repositoryId.getAsLong(), digest);
      return null;
    });
  }
}
