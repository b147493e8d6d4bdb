package org.arca.registry.features;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.arca.core.RepositoryName;
import org.arca.registry.account.AccountStore;
import org.arca.registry.account.Visibility;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.metadata.Database;
import org.arca.search.api.SearchVisibility;

/**
 * Search sees what its caller may pull: every hit from a private repository the caller cannot read is filtered
 * out. Private repositories are few, so the filter excludes them rather than listing everything visible.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
public class SearchVisibilityByAccess implements SearchVisibility {
  private final Gatekeeper gatekeeper;
  private final Database database;
  private final AccountStore accounts;
  private final AuthConfiguration config;
  /** The private repositories, refreshed every few seconds (as permission decisions are). */
  private final LoadingCache<String, List<RepositoryName>> privateRepositories;

  public SearchVisibilityByAccess(Gatekeeper gatekeeper, Database database, AccountStore accounts,
      AuthConfiguration config) {
    this.gatekeeper = gatekeeper;
    this.database = database;
    this.accounts = accounts;
    this.config = config;
    this.privateRepositories = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5))
        .build(key -> loadPrivate());
  }

  @Override
  public Query filterFor(HttpRequest<?> request) {
    Caller caller = Callers.of(request);
    if (caller.kind() == Caller.Kind.OPEN || caller.isCurator()) {
      return null;
    }
    List<RepositoryName> hidden = privateRepositories.get("all").stream()
        .filter(repository -> !gatekeeper.may(caller, repository, Action.PULL)) // a registry token: its scopes
        .toList();
    if (hidden.isEmpty()) {
      return null;
    }
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
        .add(org.arca.search.query.Visibility.repositories(hidden), BooleanClause.Occur.MUST_NOT)
        .build();
  }

  private List<RepositoryName> loadPrivate() {
    Visibility fallback = Visibility.parse(config.defaultVisibility());
    return database.read(c -> {
      Map<String, Visibility> namespaces = accounts.namespaceVisibilities(c);
      return accounts.repositoryVisibilities(c).entrySet().stream()
          .filter(e -> {
            Visibility own = e.getValue();
            String namespace = RepositoryName.parse(e.getKey()).namespace();
            Visibility effective = own != null ? own : namespaces.getOrDefault(namespace, fallback);
            return effective == Visibility.PRIVATE;
          })
          .map(e -> RepositoryName.parse(e.getKey()))
          .toList();
    });
  }
}
