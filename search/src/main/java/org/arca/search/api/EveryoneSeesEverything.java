package org.arca.search.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import org.apache.lucene.search.Query;

/** The visibility of a registry without accounts: every image is visible to everyone. */
@Singleton
@Secondary
@Requires(property = "arca.search.enabled", notEquals = "false")
public class EveryoneSeesEverything implements SearchVisibility {

  @Override
  public Query filterFor(HttpRequest<?> request) {
    return null;
  }
}
