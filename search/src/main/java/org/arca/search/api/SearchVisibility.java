package org.arca.search.api;

import io.micronaut.http.HttpRequest;
import org.apache.lucene.search.Query;

/**
 * Decides per request which images a search may return. The search module on its own lets everyone see everything
 * ({@link EveryoneSeesEverything}); the registry replaces that bean with one that hides the private repositories the
 * caller may not pull.
 */
public interface SearchVisibility {

  /** A filter of the visible images (see {@link org.arca.search.query.Visibility}), or null for all. */
  Query filterFor(HttpRequest<?> request);
}
