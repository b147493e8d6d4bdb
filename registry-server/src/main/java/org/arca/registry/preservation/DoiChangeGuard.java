package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.registry.ChangeGuard;
import org.arca.preservation.doi.CitedImages;

/**
 * Keeps cited content where readers expect it: a manifest with a DOI (in any state) cannot be deleted, and the tag
 * the DOI was minted for can neither move (a push of other content under the same tag) nor be deleted. Other tags
 * pointing at the image are free. Every refusal is DENIED with a message naming the DOI, which clients such as skopeo
 * show to the user.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiChangeGuard implements ChangeGuard {
  private final CitedImages cited;

  public DoiChangeGuard(CitedImages cited) {
    this.cited = cited;
  }

  @Override
  public void beforeTagMove(RepositoryName repository, String tag, Digest current, Digest next) {
    if (current != null) {
      cited.tagChangeRefusal(repository, tag, current, "move").ifPresent(DoiChangeGuard::deny);
    }
  }

  @Override
  public void beforeTagDelete(RepositoryName repository, String tag, Digest current) {
    cited.tagChangeRefusal(repository, tag, current, "delete").ifPresent(DoiChangeGuard::deny);
  }

  @Override
  public void beforeManifestDelete(RepositoryName repository, Digest digest) {
    cited.checkDeletable(repository, digest);
  }

  private static void deny(String reason) {
    throw new RegistryException(OciError.DENIED, reason);
  }
}
