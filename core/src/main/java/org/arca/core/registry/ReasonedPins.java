package org.arca.core.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;

/**
 * {@link PinnedContent} for a feature that works out everything it pins, each digest with its reason, in one pass
 * (see {@link PinnedContent#pinWithReferences}): both questions are answered from that one map.
 */
public abstract class ReasonedPins implements PinnedContent {

  /** Every pinned digest with the reason it is kept (the first reason, when several apply). */
  protected abstract Map<Digest, String> reasons();

  @Override
  public final Optional<String> pinReason(Digest digest) {
    return Optional.ofNullable(reasons().get(digest));
  }

  @Override
  public final Set<Digest> pinned() {
    return Set.copyOf(reasons().keySet());
  }
}
