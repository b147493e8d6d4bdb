package org.arca.registry.manifest;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;

/** The {@link RegistryCatalog} port over the metadata database, for the feature modules. */
@Singleton
public class DatabaseCatalog implements RegistryCatalog {
  private final Database database;
  private final MetadataStore store;
  private final ManifestService manifests;

  public DatabaseCatalog(Database database, MetadataStore store, ManifestService manifests) {
    this.database = database;
    this.store = store;
    this.manifests = manifests;
  }

  @Override
  public List<RepositoryName> repositories(String last, int limit) {
    return database.read(c -> store.repositoryNames(c, last, limit)).stream().map(RepositoryName::parse).toList();
  }

  @Override
  public boolean exists(RepositoryName repository) {
    return manifests.repositoryId(repository).isPresent();
  }

  @Override
  public List<String> tags(RepositoryName repository, String last, int limit) {
    OptionalLong id = manifests.repositoryId(repository);
    return id.isEmpty() ? List.of() : database.read(c -> store.tags(c, id.getAsLong(), last, limit));
  }

  @Override
  public Optional<StoredManifest> manifest(RepositoryName repository, Reference reference) {
    OptionalLong id = manifests.repositoryId(repository);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return manifests.resolve(repository, id.getAsLong(), reference)
        .flatMap(digest -> manifests.manifest(repository, id.getAsLong(), digest))
        .map(row -> new StoredManifest(repository, row.digest(), row.mediaType(), row.content(), row.pushedAt(),
            row.pushedBy()));
  }

  @Override
  public List<Digest> manifestDigests(RepositoryName repository) {
    OptionalLong id = manifests.repositoryId(repository);
    return id.isEmpty() ? List.of() : database.read(c -> store.manifestDigests(c, id.getAsLong()));
  }

  @Override
  public List<String> tagsOf(RepositoryName repository, Digest digest) {
    OptionalLong id = manifests.repositoryId(repository);
    return id.isEmpty() ? List.of() : database.read(c -> store.tagsOf(c, id.getAsLong(), digest));
  }

  @Override
  public List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType) {
    // features see everything, derived content included: the converter finds its own SIFs, exports carry them
    byte[] index = manifests.referrers(repository, subject, artifactType, row -> true);
    return Manifest.parse(index, null).manifests();
  }

  @Override
  public boolean containsBlob(RepositoryName repository, Digest digest) {
    OptionalLong id = manifests.repositoryId(repository);
    return id.isPresent() && database.read(c -> store.linkedBlobSize(c, id.getAsLong(), digest)).isPresent();
  }
}
