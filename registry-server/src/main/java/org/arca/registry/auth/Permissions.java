package org.arca.registry.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.RepositoryName;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountStore;
import org.arca.registry.account.OrgRole;
import org.arca.registry.account.Robot;
import org.arca.registry.account.Visibility;
import org.arca.registry.metadata.Database;

/**
 * The permission model: which actions a caller may take on a repository.
 *
 * <ul>
 *   <li>Anyone, even anonymous, may pull an existing public repository.
 *   <li>A user may do anything in its own namespace; in an organization's namespace, what its role there allows
 *       (reader: pull; writer: pull and push; owner: also delete).
 *   <li>Curators may pull and delete everywhere (to curate); admins may do everything.
 *   <li>Grants give a user actions on one repository outside its namespaces.
 *   <li>A robot may do its actions in its namespaces, and pull what is public.
 * </ul>
 *
 * Pull is never granted on a repository that does not exist unless the caller could create it, so that whether a
 * private repository exists cannot be told from the answers.
 */
@Singleton
public class Permissions {
  private final Database database;
  private final AccountStore accounts;
  private final AuthConfiguration config;
  private final Clock clock;
  /** Decisions are cached briefly: a changed permission is seen within seconds on every instance. */
  private final Cache<String, Set<Action>> decisions = Caffeine.newBuilder()
      .maximumSize(50_000)
      .expireAfterWrite(Duration.ofSeconds(5))
      .build();

  public Permissions(Database database, AccountStore accounts, AuthConfiguration config, Clock clock) {
    this.database = database;
    this.accounts = accounts;
    this.config = config;
    this.clock = clock;
  }

  /**
   * What the caller's account may do on the repository. A registry token's scopes limit this further (see
   * {@link Gatekeeper#allowed}): the account's role counts here even for a token, whose grant was computed from it.
   */
  public Set<Action> allowed(Caller caller, RepositoryName repository) {
    if (caller.kind() == Caller.Kind.OPEN || caller.role() == Role.ADMIN) {
      return EnumSet.allOf(Action.class);
    }
    String key = caller.kind() + "/" + caller.name() + "/" + repository.value();
    return decisions.get(key, k -> database.read(c -> compute(c, caller, repository)));
  }

  /** A decision from memory alone, or empty when it must be computed (which may read the database). */
  public Optional<Set<Action>> allowedIfKnown(Caller caller, RepositoryName repository) {
    if (caller.kind() == Caller.Kind.OPEN || caller.role() == Role.ADMIN) {
      return Optional.of(EnumSet.allOf(Action.class));
    }
    return Optional.ofNullable(decisions.getIfPresent(caller.kind() + "/" + caller.name() + "/" + repository.value()));
  }

  /** Forgets every cached decision, after a permission change on this instance. */
  public void invalidate() {
    decisions.invalidateAll();
  }

  private Set<Action> compute(Connection c, Caller caller, RepositoryName repository) throws SQLException {
    Set<Action> allowed = EnumSet.noneOf(Action.class);
    String namespace = repository.namespace();
    Optional<Optional<Visibility>> repositoryVisibility = accounts.repositoryVisibility(c, repository.value());
    boolean exists = repositoryVisibility.isPresent();
    Optional<Account> owner = accounts.account(c, namespace);
    Visibility visibility = repositoryVisibility.flatMap(v -> v)
        .or(() -> owner.map(Account::defaultVisibility))
        .orElse(Visibility.parse(config.defaultVisibility()));
    if (exists && visibility == Visibility.PUBLIC) {
      allowed.add(Action.PULL);
    }
    switch (caller.kind()) {
      case USER -> {
        Optional<Account> user = accounts.account(c, caller.name());
        if (user.isEmpty() || user.get().disabled()) {
          return allowed;
        }
        if (caller.role() == Role.CURATOR || caller.role() == Role.ADMIN) {
          allowed.add(Action.PULL);
          allowed.add(Action.DELETE);
        }
        if (namespace.equals(caller.name())) {
          allowed.addAll(EnumSet.allOf(Action.class));
        } else if (owner.isPresent() && owner.get().kind() == Account.Kind.ORGANIZATION) {
          OrgRole role = accounts.organizationsOf(c, user.get().id()).get(namespace);
          if (role != null) {
            allowed.add(Action.PULL);
            if (role != OrgRole.READER) {
              allowed.add(Action.PUSH);
            }
            if (role == OrgRole.OWNER) {
              allowed.add(Action.DELETE);
            }
          }
        }
        if (exists) {
          allowed.addAll(accounts.grant(c, repository.value(), user.get().id()));
        }
      }
      case ROBOT -> {
        Optional<Robot> robot = accounts.robot(c, caller.name());
        if (robot.isPresent() && robot.get().isUsable(clock.instant())
            && robot.get().namespaces().contains(namespace)) {
          allowed.addAll(robot.get().actions());
        }
      }
      default -> { }
    }
    if (!exists && !allowed.contains(Action.PUSH)) {
      allowed.remove(Action.PULL); // what does not exist must look like what is private
    }
    return allowed;
  }

  /** Every namespace whose repositories the caller may read beyond public ones (own, organizations). */
  public Map<String, OrgRole> organizationsOf(String user) {
    return database.read(c -> {
      Optional<Account> account = accounts.account(c, user);
      return account.isEmpty() ? Map.<String, OrgRole>of() : accounts.organizationsOf(c, account.get().id());
    });
  }
}
