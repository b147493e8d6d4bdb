package org.arca.core.registry;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * Content a curator has withdrawn from public view (for example a DOI withdrawn for a legal reason). The registry
 * asks before it serves a manifest or a blob: a withdrawn one is answered 410 Gone with the message given here, while
 * the content itself stays stored and pinned, so that the withdrawal can be undone and archival exports keep it.
 */
public interface WithdrawnContent {

  /** The message to answer a request for {@code digest} in {@code repository} with, or empty when it is served. */
  Optional<String> withdrawal(RepositoryName repository, Digest digest);

  /**
   * The message to answer a blob request ({@code /v2/<repository>/blobs/<digest>}) with, or empty when it is served.
   * A blob is withdrawn when, in that repository, only withdrawn manifests reference it: a layer that another image
   * there shares stays pullable. Asked on every blob GET and HEAD, so it answers from memory.
   */
  default Optional<String> blobWithdrawal(RepositoryName repository, Digest digest) {
    return Optional.empty();
  }
}
