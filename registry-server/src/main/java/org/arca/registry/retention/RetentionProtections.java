package org.arca.registry.retention;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;
import org.arca.core.registry.PinnedContent;
import org.arca.preservation.retention.Protection;
import org.arca.registry.retention.RetentionStore.Hold;

/**
 * What protects content from retention, read once per plan: every feature's pins (DOIs ...) and the curators'
 * legal holds. The restore window's own pins are not protection: they keep removed content, not content in use.
 */
@Singleton
class RetentionProtections {
  private final List<PinnedContent> pins;
  private final RetentionStore store;

  RetentionProtections(List<PinnedContent> pins, RetentionStore store) {
    this.pins = pins.stream().filter(pin -> !(pin instanceof RestoreWindow)).toList();
    this.store = store;
  }

  /** The protections as they stand now. */
  Protection snapshot() {
    Set<Digest> pinned = new HashSet<>();
    pins.forEach(pin -> pinned.addAll(pin.pinned()));
    List<Hold> holds = store.holds();
    Map<Digest, Optional<String>> reasons = new HashMap<>();
    return (repository, tag, digest) -> {
      for (Hold hold : holds) {
        if (hold.repository().equals(repository) && (hold.reference() == null
            || hold.reference().equals(tag) || (tag == null && hold.reference().equals(digest.toString())))) {
          return Optional.of("legal hold " + hold.id() + " by " + hold.createdBy() + ": " + hold.reason());
        }
      }
      if (tag != null || !pinned.contains(digest)) {
        return Optional.empty();
      }
      return reasons.computeIfAbsent(digest, d -> pins.stream().map(pin -> pin.pinReason(d))
          .flatMap(Optional::stream).findFirst().or(() -> Optional.of("pinned")));
    };
  }
}
