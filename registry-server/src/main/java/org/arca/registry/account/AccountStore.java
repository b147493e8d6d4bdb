package org.arca.registry.account;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.registry.account.MembershipRepository.NamedRole;
import org.arca.registry.account.RepositoryGrantRepository.NamedActions;
import org.arca.registry.account.RepositoryGrantRepository.RepositoryVisibility;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Role;

/**
 * Accounts, memberships, robots, repository visibility and grants, through Micronaut Data repositories. Every method
 * takes the connection of a {@link org.arca.registry.metadata.Database} unit of work: the repositories join that
 * unit's transaction (they find its connection bound to the thread), so the parameter is the proof that one is open.
 * Failures leave as the {@link SQLException} underneath, so that the unit of work is retried on a lost race as
 * before and callers can tell a taken name.
 *
 * <p>The repositories use {@code Dialect.ANSI}: what they generate (equality, ordering, exists, insert with an
 * identity, update and delete by key) is the same SQL on H2 and PostgreSQL, so one interface serves both. The
 * entities say {@code escape = false} so table and column names stay unquoted, as the Flyway migrations wrote them
 * (H2 folds them to upper case, PostgreSQL to lower).
 */
@Singleton
public class AccountStore {
  private final AccountRepository accounts;
  private final MembershipRepository memberships;
  private final RobotRepository robots;
  private final RepositoryGrantRepository grants;

  AccountStore(AccountRepository accounts, MembershipRepository memberships, RobotRepository robots,
      RepositoryGrantRepository grants) {
    this.accounts = accounts;
    this.memberships = memberships;
    this.robots = robots;
    this.grants = grants;
  }

  // ---- accounts

  public Optional<Account> account(Connection c, String name) throws SQLException {
    return sql(() -> accounts.findByName(name));
  }

  public List<Account> accounts(Connection c, Account.Kind kind) throws SQLException {
    return sql(() -> accounts.findByKindOrderByName(kind));
  }

  public boolean anyAdmin(Connection c) throws SQLException {
    return sql(() -> accounts.existsByRole(Role.ADMIN));
  }

  public void insertAccount(Connection c, Account a) throws SQLException {
    sql(() -> accounts.save(a));
  }

  /** Writes every mutable field of an existing account. */
  public void updateAccount(Connection c, Account a) throws SQLException {
    sql(() -> {
      accounts.update(a.id(), a.email(), a.orcid(), a.displayName(), a.passwordHash(), a.role(),
          a.defaultVisibility(), a.credentialsVersion(), a.disabled());
      return null;
    });
  }

  public boolean deleteAccount(Connection c, long id) throws SQLException {
    return sql(() -> accounts.deleteById(id)) > 0;
  }

  // ---- memberships

  public void setMembership(Connection c, long organizationId, long userId, OrgRole role) throws SQLException {
    removeMembership(c, organizationId, userId);
    sql(() -> memberships.save(new Membership(organizationId, userId, role)));
  }

  public boolean removeMembership(Connection c, long organizationId, long userId) throws SQLException {
    return sql(() -> memberships.deleteById(new Membership.Key(organizationId, userId))) > 0;
  }

  /** The organizations a user belongs to, by name, with the user's role in each. */
  public Map<String, OrgRole> organizationsOf(Connection c, long userId) throws SQLException {
    return byName(sql(() -> memberships.findOrganizationsOf(userId)));
  }

  /** The members of an organization, by user name, with their roles. */
  public Map<String, OrgRole> members(Connection c, long organizationId) throws SQLException {
    return byName(sql(() -> memberships.findMembersOf(organizationId)));
  }

  private static Map<String, OrgRole> byName(List<NamedRole> roles) {
    Map<String, OrgRole> result = new LinkedHashMap<>();
    roles.forEach(r -> result.put(r.name(), r.role()));
    return result;
  }

  // ---- robots

  public void insertRobot(Connection c, Robot robot) throws SQLException {
    sql(() -> robots.save(robot));
  }

  public Optional<Robot> robot(Connection c, String name) throws SQLException {
    return sql(() -> robots.findByName(name));
  }

  public List<Robot> robots(Connection c, long ownerId) throws SQLException {
    return sql(() -> robots.findByOwnerIdOrderByName(ownerId));
  }

  public boolean revokeRobot(Connection c, long id, Instant now) throws SQLException {
    return sql(() -> robots.revoke(id, now)) > 0;
  }

  // ---- repositories: visibility and grants

  /** The repository's own visibility (null when it follows its namespace), or empty when it does not exist. */
  public Optional<Optional<Visibility>> repositoryVisibility(Connection c, String repository) throws SQLException {
    return sql(() -> grants.findVisibility(repository)).map(r -> Optional.ofNullable(r.visibility()));
  }

  public void setRepositoryVisibility(Connection c, long repositoryId, Visibility visibility) throws SQLException {
    sql(() -> {
      grants.setVisibility(repositoryId, visibility == null ? null : visibility.name());
      return null;
    });
  }

  public void setGrant(Connection c, long repositoryId, long accountId, Set<Action> actions) throws SQLException {
    removeGrant(c, repositoryId, accountId);
    if (!actions.isEmpty()) {
      sql(() -> grants.save(new RepositoryGrant(repositoryId, accountId, actions)));
    }
  }

  public boolean removeGrant(Connection c, long repositoryId, long accountId) throws SQLException {
    return sql(() -> grants.deleteById(new RepositoryGrant.Key(repositoryId, accountId))) > 0;
  }

  /** Actions granted to the account on the repository (by name); empty when none. */
  public Set<Action> grant(Connection c, String repository, long accountId) throws SQLException {
    return sql(() -> grants.findActions(repository, accountId)).map(Action::parseList).orElse(Set.of());
  }

  /** Users granted access to the repository, by name, with their actions. */
  public Map<String, Set<Action>> grants(Connection c, long repositoryId) throws SQLException {
    Map<String, Set<Action>> result = new LinkedHashMap<>();
    for (NamedActions g : sql(() -> grants.findGrantsOn(repositoryId))) {
      result.put(g.name(), Action.parseList(g.actions()));
    }
    return result;
  }

  /** Names of repositories granted to the account, with any action. */
  public List<String> grantedRepositories(Connection c, long accountId) throws SQLException {
    return sql(() -> grants.findRepositoriesGrantedTo(accountId));
  }

  /** Every repository with its own visibility (null when it follows its namespace). */
  public Map<String, Visibility> repositoryVisibilities(Connection c) throws SQLException {
    Map<String, Visibility> result = new HashMap<>();
    for (RepositoryVisibility r : sql(grants::findVisibilities)) {
      result.put(r.name(), r.visibility());
    }
    return result;
  }

  /** Every namespace's default visibility, by account name. */
  public Map<String, Visibility> namespaceVisibilities(Connection c) throws SQLException {
    Map<String, Visibility> result = new HashMap<>();
    for (AccountRepository.NamespaceVisibility n : sql(accounts::queryAll)) {
      result.put(n.name(), n.defaultVisibility());
    }
    return result;
  }

  /** A repository call, its failure turned back into the database's own exception (whose SQLSTATE counts). */
  private static <R> R sql(RepositoryCall<R> call) throws SQLException {
    try {
      return call.run();
    } catch (DataAccessException e) {
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof SQLException sqlException) {
          throw sqlException;
        }
      }
      throw e;
    }
  }

  @FunctionalInterface
  private interface RepositoryCall<R> {
    R run();
  }
}
