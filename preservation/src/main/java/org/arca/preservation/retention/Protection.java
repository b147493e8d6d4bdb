package org.arca.preservation.retention;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Why a manifest or a tag must never be a retention candidate (a DOI, a pin, a curator's legal hold), or empty when
 * nothing protects it. Planning asks once per tag and manifest; an implementation reads what it needs up front.
 */
public interface Protection {

  /** Why {@code digest} in {@code repository} is protected; {@code tag} is null when asking for the manifest. */
  Optional<String> reason(RepositoryName repository, String tag, Digest digest);
}
