package org.arca.core.registry;

import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Deletes for features that curate content (retention). A delete goes through the same guards and events as a
 * client's {@code DELETE}: a guard's refusal is thrown as a {@link org.arca.core.RegistryException}, and the change is
 * written to the audit log as {@code actor}'s. It is a port of its own so that code which must never delete (retention
 * planning) simply has no access to it.
 */
public interface RegistryDeleter {

  /** Removes {@code tag} from the repository; the manifest it pointed at stays. */
  void deleteTag(RepositoryName repository, String tag, String actor);

  /** Removes the manifest {@code digest} and every tag on it from the repository. */
  void deleteManifest(RepositoryName repository, Digest digest, String actor);
}
