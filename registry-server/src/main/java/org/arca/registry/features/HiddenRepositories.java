package org.arca.registry.features;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arca.core.RepositoryName;
import org.arca.registry.account.AccountStore;
import org.arca.registry.account.Visibility;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.metadata.Database;

/**
 * The private repositories a caller may not pull, which search results, suggestions, counts and web pages leave out.
 * Private repositories are few, so features exclude them rather than list everything visible.
 */
@Singleton
class HiddenRepositories {
  private final Gatekeeper gatekeeper;
  private final Database database;
  private final AccountStore accounts;
  private final AuthConfiguration config;
  /** The private repositories, refreshed every few seconds (as permission decisions are). */
  private final LoadingCache<String, List<RepositoryName>> privateRepositories;

  HiddenRepositories(Gatekeeper gatekeeper, Database database, AccountStore accounts, AuthConfiguration config) {
    this.gatekeeper = gatekeeper;
    this.database = database;
    this.accounts = accounts;
    this.config = config;
    this.privateRepositories = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5))
        .build(key -> loadPrivate());
  }

  /** The repositories hidden from {@code caller}: none for an open registry or a curator. */
  List<RepositoryName> from(Caller caller) {
    if (caller.kind() == Caller.Kind.OPEN || caller.isCurator()) {
      return List.of();
    }
    return privateRepositories.get("all").stream()
        .filter(repository -> !gatekeeper.may(caller, repository, Action.PULL)) // a registry token: its scopes
        .toList();
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
