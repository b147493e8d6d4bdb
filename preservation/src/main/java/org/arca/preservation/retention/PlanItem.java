package org.arca.preservation.retention;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * One line of a plan: a tag ({@code tag} set) or a manifest ({@code tag} null) to remove, or one found protected.
 * {@code bytes} is what removing it would free in the repository (0 for a tag whose manifest stays);
 * {@code observedPulledAt} is the last pull planning saw, so that execution can skip what was pulled since.
 */
public record PlanItem(Action action, RepositoryName repository, String tag, Digest digest, String rule,
    String reason, long bytes, Instant observedPulledAt) {

  /** What the plan would do with the item. */
  public enum Action { REMOVE, PROTECTED }

  public boolean isTag() {
    return tag != null;
  }
}
