package org.arca.web;

import io.micronaut.http.HttpRequest;
import java.util.Collection;
import java.util.Optional;
import org.arca.core.RepositoryName;

/**
 * Who is looking at a page, as far as pages need to know: the repositories they may not read, which every page leaves
 * out exactly as if they did not exist, and the account they signed in as. The registry implements it with its own
 * authentication, as it does for search.
 */
public interface PageReaders {

  /** The repositories the request's caller may not read. */
  Collection<RepositoryName> hiddenFrom(HttpRequest<?> request);

  /** The account name the request is signed in as, or empty for an anonymous visitor. */
  Optional<String> signedIn(HttpRequest<?> request);
}
