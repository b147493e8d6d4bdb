package org.arca.registry.features;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import org.apache.lucene.search.Query;
import org.arca.registry.auth.Callers;
import org.arca.search.api.SearchVisibility;
import org.arca.search.query.Visibility;

/** Search sees what its caller may pull: every hit from a private repository the caller cannot read is filtered out. */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
public class SearchVisibilityByAccess implements SearchVisibility {
  private final HiddenRepositories hidden;

  SearchVisibilityByAccess(HiddenRepositories hidden) {
    this.hidden = hidden;
  }

  @Override
  public Query filterFor(HttpRequest<?> request) {
    return Visibility.allExcept(hidden.from(Callers.of(request)));
  }
}
