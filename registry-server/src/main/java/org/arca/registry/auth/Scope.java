package org.arca.registry.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.arca.core.RepositoryName;

/**
 * One requested scope of the Docker token protocol, {@code repository:<name>:<actions>}. Other resource types
 * ({@code registry:catalog:*}) are accepted and granted nothing: the catalog is filtered per caller instead.
 *
 * @see <a href="https://distribution.github.io/distribution/spec/auth/scope/">token scope</a>
 */
public record Scope(RepositoryName repository, Set<Action> actions) {

  /** Parses every {@code scope} parameter (each may hold several space-separated scopes); skips what is malformed. */
  public static List<Scope> parseAll(List<String> parameters) {
    List<Scope> scopes = new ArrayList<>();
    if (parameters == null) {
      return scopes;
    }
    for (String parameter : parameters) {
      for (String text : parameter.trim().split("\\s+")) {
        String[] parts = text.split(":");
        if (parts.length != 3 || !parts[0].startsWith("repository") || !RepositoryName.isValid(parts[1])) {
          continue;
        }
        scopes.add(new Scope(RepositoryName.parse(parts[1]), Action.parseList(parts[2])));
      }
    }
    return scopes;
  }

  public String wireText() {
    return "repository:" + repository + ":" + Action.toList(actions);
  }
}
