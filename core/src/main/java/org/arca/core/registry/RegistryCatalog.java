package org.arca.core.registry;

import java.util.List;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;

/**
 * Read-only view of what the registry holds: repositories, tags, manifests and referrers. Feature modules use it to
 * look at content without knowing how it is stored.
 */
public interface RegistryCatalog {

  /** Repository names in lexical order, starting after {@code last} (exclusive; null for the beginning). */
  List<RepositoryName> repositories(String last, int limit);

  /** Whether the repository exists (has or had content). */
  boolean exists(RepositoryName repository);

  /** Tags of the repository in lexical order, starting after {@code last} (exclusive; null for the beginning). */
  List<String> tags(RepositoryName repository, String last, int limit);

  /** The manifest a tag or digest names in the repository. */
  Optional<StoredManifest> manifest(RepositoryName repository, Reference reference);

  /** Digests of every manifest in the repository, tagged or not, oldest first. */
  List<Digest> manifestDigests(RepositoryName repository);

  /** The tags currently pointing at {@code digest} in the repository. */
  List<String> tagsOf(RepositoryName repository, Digest digest);

  /**
   * Descriptors of the manifests in the repository whose {@code subject} is {@code subject}, optionally only those
   * of one artifact type (null for all).
   */
  List<Descriptor> referrers(RepositoryName repository, Digest subject, String artifactType);

  /** Whether the blob may be read through this repository (pushed or mounted there). */
  boolean containsBlob(RepositoryName repository, Digest digest);
}
