package org.arca.search.api;

import io.micronaut.http.HttpRequest;
import org.apache.lucene.search.Query;

/**
 * Decides per request which images a search may return. Until accounts exist everyone sees everything
 * ({@link EveryoneSeesEverything}); an access-control module replaces that bean with one that answers, for example,
 * {@code Visibility.repositories(readableBy(user))}.
 */
public interface SearchVisibility {

  /** A filter of the visible images (see {@link org.arca.search.query.Visibility}), or null for all. */
  Query filterFor(HttpRequest<?> request);
}
