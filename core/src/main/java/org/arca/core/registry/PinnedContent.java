package org.arca.core.registry;

import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;

/**
 * Content a feature promises to keep: a manifest cited by a DOI and every blob and child manifest it references.
 * Garbage collection asks before it removes anything, so a pinned blob survives even when no tag or repository link
 * reaches it any more; deletes through the API are refused by the feature's {@link ChangeGuard}.
 */
public interface PinnedContent {

  /** Why {@code digest} (a manifest or a blob) must be kept, naming what pins it, or empty when nothing does. */
  Optional<String> pinReason(Digest digest);

  /** Every pinned digest, for the mark phase of garbage collection. */
  Set<Digest> pinned();
}
