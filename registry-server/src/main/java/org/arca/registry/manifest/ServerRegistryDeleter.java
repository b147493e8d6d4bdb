package org.arca.registry.manifest;

import jakarta.inject.Singleton;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.registry.RegistryDeleter;
import org.arca.registry.audit.AuditLog;

/** The {@link RegistryDeleter} port: the delete a client's {@code DELETE} runs, audited as the feature's actor. */
@Singleton
public class ServerRegistryDeleter implements RegistryDeleter {
  private final ManifestService manifests;
  private final AuditLog audit;

  public ServerRegistryDeleter(ManifestService manifests, AuditLog audit) {
    this.manifests = manifests;
    this.audit = audit;
  }

  @Override
  public void deleteTag(RepositoryName repository, String tag, String actor) {
    manifests.delete(repository, Tag.parse(tag));
    audit.success(actor, "tag.delete", repository + ":" + tag, null, null);
  }

  @Override
  public void deleteManifest(RepositoryName repository, Digest digest, String actor) {
    manifests.delete(repository, digest);
    audit.success(actor, "manifest.delete", repository + "@" + digest, null, null);
  }
}
