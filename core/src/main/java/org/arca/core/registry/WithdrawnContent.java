package org.arca.core.registry;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Content a curator has withdrawn from public view (for example a DOI withdrawn for a legal reason). The registry
 * asks before it serves a manifest: a withdrawn one is answered 410 Gone with the message given here, while the
 * content itself stays stored and pinned, so that the withdrawal can be undone and archival exports keep it.
 */
public interface WithdrawnContent {

  /** The message to answer a request for {@code digest} in {@code repository} with, or empty when it is served. */
  Optional<String> withdrawal(RepositoryName repository, Digest digest);
}
