package org.arca.core.registry;

import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;

/**
 * A feature's veto on changes to published content, asked before the registry moves or deletes a tag or deletes a
 * manifest. A guard refuses by throwing a {@link org.arca.core.RegistryException} (usually
 * {@link org.arca.core.OciError#DENIED}) whose message says why, e.g. which DOI pins the content.
 */
public interface ChangeGuard {

  /**
   * Before the manifest {@code digest} is stored in the repository, once its references are checked: e.g. a quota
   * refuses a push that would take its namespace over the limit.
   */
  default void beforeManifestPut(RepositoryName repository, Digest digest, Manifest manifest) {}

  /** Before {@code tag} moves from {@code current} (null for a new tag) to {@code next}. */
  default void beforeTagMove(RepositoryName repository, String tag, Digest current, Digest next) {}

  /** Before {@code tag}, pointing at {@code current}, is deleted. */
  default void beforeTagDelete(RepositoryName repository, String tag, Digest current) {}

  /** Before the manifest {@code digest} is deleted from the repository. */
  default void beforeManifestDelete(RepositoryName repository, Digest digest) {}
}
