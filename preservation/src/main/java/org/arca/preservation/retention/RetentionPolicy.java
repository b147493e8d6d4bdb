package org.arca.preservation.retention;

import java.util.List;
import org.arca.core.Glob;

/** Rules applied to every repository that {@code pattern} matches; {@code id} is 0 before the policy is stored. */
public record RetentionPolicy(long id, Glob pattern, List<Rule> rules) {
  public RetentionPolicy {
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a policy needs at least one rule");
    }
  }
}
