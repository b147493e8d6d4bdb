package org.arca.registry.compose;

import jakarta.inject.Singleton;
import java.util.List;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.registry.manifest.ManifestService;

/**
 * Images composed on pull: {@code compose/<base>/<block>/<block>:<tag>} is the composition of those blocks on that
 * base, made on its first pull (no layer bytes are copied, so it answers at once) and stored under the name, so that
 * every later pull, and the SIF converted from it, is that same image for good. Both request paths (the controllers
 * and the Netty fast path) reach it through {@code ManifestReads}.
 */
@Singleton
public class ComposedOnPull {
  private final Composer composer;
  private final ManifestService manifests;

  ComposedOnPull(Composer composer, ManifestService manifests) {
    this.composer = composer;
    this.manifests = manifests;
  }

  /** Whether {@code repository} is in the read-only {@code compose/} namespace. */
  public static boolean isComposed(RepositoryName repository) {
    return Composer.isComposed(repository);
  }

  public static RegistryException readOnly(RepositoryName repository) {
    return new RegistryException(OciError.UNSUPPORTED, repository + " is part of the read-only compose/ namespace:"
        + " Arca composes it on pull; POST /api/v1/compositions with a target repository to store your own");
  }

  /**
   * Composes {@code compose/<base>/<blocks...>:<tag>} unless that tag exists already (then it stays what it is);
   * digests are never composed, since a digest names an image that must already exist.
   */
  public void composeIfMissing(RepositoryName repository, Reference reference) {
    if (!(reference instanceof Tag tag) || exists(repository, tag)) {
      return;
    }
    List<String> components = repository.components();
    if (components.size() < 3) {
      throw new RegistryException(OciError.NAME_UNKNOWN, repository + " names no composition: pull"
          + " compose/<base>/<block>[/<block>...]:<tag>, with aliases from GET /api/v1/blocks");
    }
    CompositionRequest request = new CompositionRequest(components.get(1), components.subList(2, components.size()),
        null, null, null, false, null);
    composer.compose(request, repository, tag.value(), Composer.ACTOR);
  }

  private boolean exists(RepositoryName repository, Tag tag) {
    return manifests.repositoryId(repository).stream()
        .anyMatch(id -> manifests.resolve(repository, id, tag).isPresent());
  }
}
