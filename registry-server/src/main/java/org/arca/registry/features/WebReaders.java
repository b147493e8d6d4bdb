package org.arca.registry.features;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Optional;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.web.PageReaders;

/** The web pages see what their caller may pull, as search does; the authentication filter names the caller. */
@Singleton
class WebReaders implements PageReaders {
  private final HiddenRepositories hidden;

  WebReaders(HiddenRepositories hidden) {
    this.hidden = hidden;
  }

  @Override
  public Collection<RepositoryName> hiddenFrom(HttpRequest<?> request) {
    return hidden.from(Callers.of(request));
  }

  @Override
  public Optional<String> signedIn(HttpRequest<?> request) {
    Caller caller = Callers.of(request);
    return caller.isAnonymous() || caller.kind() == Caller.Kind.OPEN ? Optional.empty() : Optional.of(caller.name());
  }
}
