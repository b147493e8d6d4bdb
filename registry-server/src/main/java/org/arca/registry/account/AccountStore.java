package org.arca.registry.account;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Role;

/** Accounts, memberships, robots, repository visibility and grants in SQL; runs in the caller's transaction. */
@Singleton
public class AccountStore {
  private static final String ACCOUNT_COLUMNS = "id, name, kind, email, orcid, display_name, password_hash, role,"
      + " default_visibility, credentials_version, disabled, created_at";

  // ---- accounts

  public Optional<Account> account(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(account(r)) : Optional.empty();
      }
    }
  }

  public List<Account> accounts(Connection c, Account.Kind kind) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE kind = ? ORDER BY name")) {
      s.setString(1, kind.name());
      List<Account> accounts = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          accounts.add(account(r));
        }
      }
      return accounts;
    }
  }

  public boolean anyAdmin(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM account WHERE role = ? FETCH FIRST 1 ROWS ONLY")) {
      s.setString(1, Role.ADMIN.name());
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  public void insertAccount(Connection c, Account a) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO account (name, kind, email, orcid, display_name,"
        + " password_hash, role, default_visibility, credentials_version, disabled, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, a.name());
      s.setString(2, a.kind().name());
      s.setString(3, a.email());
      s.setString(4, a.orcid());
      s.setString(5, a.displayName());
      s.setString(6, a.passwordHash());
      s.setString(7, a.role() == null ? null : a.role().name());
      s.setString(8, a.defaultVisibility().name());
      s.setInt(9, a.credentialsVersion());
      s.setBoolean(10, a.disabled());
      s.setObject(11, time(a.createdAt()));
      s.executeUpdate();
    }
  }

  /** Writes every mutable field of an existing account. */
  public void updateAccount(Connection c, Account a) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE account SET email = ?, orcid = ?, display_name = ?,"
        + " password_hash = ?, role = ?, default_visibility = ?, credentials_version = ?, disabled = ? WHERE id = ?")) {
      s.setString(1, a.email());
      s.setString(2, a.orcid());
      s.setString(3, a.displayName());
      s.setString(4, a.passwordHash());
      s.setString(5, a.role() == null ? null : a.role().name());
      s.setString(6, a.defaultVisibility().name());
      s.setInt(7, a.credentialsVersion());
      s.setBoolean(8, a.disabled());
      s.setLong(9, a.id());
      s.executeUpdate();
    }
  }

  public boolean deleteAccount(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM account WHERE id = ?")) {
      s.setLong(1, id);
      return s.executeUpdate() > 0;
    }
  }

  // ---- memberships

  public void setMembership(Connection c, long organizationId, long userId, OrgRole role) throws SQLException {
    removeMembership(c, organizationId, userId);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO membership (organization_id, user_id, role) VALUES (?, ?, ?)")) {
      s.setLong(1, organizationId);
      s.setLong(2, userId);
      s.setString(3, role.name());
      s.executeUpdate();
    }
  }

  public boolean removeMembership(Connection c, long organizationId, long userId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "DELETE FROM membership WHERE organization_id = ? AND user_id = ?")) {
      s.setLong(1, organizationId);
      s.setLong(2, userId);
      return s.executeUpdate() > 0;
    }
  }

  /** The organizations a user belongs to, by name, with the user's role in each. */
  public Map<String, OrgRole> organizationsOf(Connection c, long userId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.name, m.role FROM membership m"
        + " JOIN account a ON a.id = m.organization_id WHERE m.user_id = ? ORDER BY a.name")) {
      s.setLong(1, userId);
      Map<String, OrgRole> roles = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          roles.put(r.getString(1), OrgRole.valueOf(r.getString(2)));
        }
      }
      return roles;
    }
  }

  /** The members of an organization, by user name, with their roles. */
  public Map<String, OrgRole> members(Connection c, long organizationId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.name, m.role FROM membership m"
        + " JOIN account a ON a.id = m.user_id WHERE m.organization_id = ? ORDER BY a.name")) {
      s.setLong(1, organizationId);
      Map<String, OrgRole> roles = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          roles.put(r.getString(1), OrgRole.valueOf(r.getString(2)));
        }
      }
      return roles;
    }
  }

  // ---- robots

  public void insertRobot(Connection c, Robot robot) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO robot (name, owner_id, token_hash, actions, namespaces,"
        + " description, created_by, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, robot.name());
      s.setLong(2, robot.ownerId());
      s.setString(3, robot.tokenHash());
      s.setString(4, Action.toList(robot.actions()));
      s.setString(5, String.join(",", robot.namespaces()));
      s.setString(6, robot.description());
      s.setString(7, robot.createdBy());
      s.setObject(8, time(robot.createdAt()));
      s.setObject(9, robot.expiresAt() == null ? null : time(robot.expiresAt()));
      s.setObject(10, robot.revokedAt() == null ? null : time(robot.revokedAt()));
      s.executeUpdate();
    }
  }

  public Optional<Robot> robot(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, name, owner_id, token_hash, actions, namespaces,"
        + " description, created_by, created_at, expires_at, revoked_at FROM robot WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(robot(r)) : Optional.empty();
      }
    }
  }

  public List<Robot> robots(Connection c, long ownerId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT id, name, owner_id, token_hash, actions, namespaces,"
        + " description, created_by, created_at, expires_at, revoked_at FROM robot WHERE owner_id = ? ORDER BY name")) {
      s.setLong(1, ownerId);
      List<Robot> robots = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          robots.add(robot(r));
        }
      }
      return robots;
    }
  }

  public boolean revokeRobot(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE robot SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
      s.setObject(1, time(now));
      s.setLong(2, id);
      return s.executeUpdate() > 0;
    }
  }

  // ---- repositories: visibility and grants

  /** The repository's own visibility (null when it follows its namespace), or empty when it does not exist. */
  public Optional<Optional<Visibility>> repositoryVisibility(Connection c, String repository) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT visibility FROM repository WHERE name = ?")) {
      s.setString(1, repository);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        String v = r.getString(1);
        return Optional.of(v == null ? Optional.empty() : Optional.of(Visibility.valueOf(v)));
      }
    }
  }

  public void setRepositoryVisibility(Connection c, long repositoryId, Visibility visibility) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE repository SET visibility = ? WHERE id = ?")) {
      s.setString(1, visibility == null ? null : visibility.name());
      s.setLong(2, repositoryId);
      s.executeUpdate();
    }
  }

  public void setGrant(Connection c, long repositoryId, long accountId, Set<Action> actions) throws SQLException {
    removeGrant(c, repositoryId, accountId);
    if (actions.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO repository_grant (repository_id, account_id, actions) VALUES (?, ?, ?)")) {
      s.setLong(1, repositoryId);
      s.setLong(2, accountId);
      s.setString(3, Action.toList(actions));
      s.executeUpdate();
    }
  }

  public boolean removeGrant(Connection c, long repositoryId, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "DELETE FROM repository_grant WHERE repository_id = ? AND account_id = ?")) {
      s.setLong(1, repositoryId);
      s.setLong(2, accountId);
      return s.executeUpdate() > 0;
    }
  }

  /** Actions granted to the account on the repository (by name); empty when none. */
  public Set<Action> grant(Connection c, String repository, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT g.actions FROM repository_grant g"
        + " JOIN repository r ON r.id = g.repository_id WHERE r.name = ? AND g.account_id = ?")) {
      s.setString(1, repository);
      s.setLong(2, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Action.parseList(r.getString(1)) : Set.of();
      }
    }
  }

  /** Users granted access to the repository, by name, with their actions. */
  public Map<String, Set<Action>> grants(Connection c, long repositoryId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT a.name, g.actions FROM repository_grant g"
        + " JOIN account a ON a.id = g.account_id WHERE g.repository_id = ? ORDER BY a.name")) {
      s.setLong(1, repositoryId);
      Map<String, Set<Action>> grants = new LinkedHashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          grants.put(r.getString(1), Action.parseList(r.getString(2)));
        }
      }
      return grants;
    }
  }

  /** Names of repositories granted to the account, with any action. */
  public List<String> grantedRepositories(Connection c, long accountId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT r.name FROM repository_grant g"
        + " JOIN repository r ON r.id = g.repository_id WHERE g.account_id = ? ORDER BY r.name")) {
      s.setLong(1, accountId);
      List<String> names = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
  }

  /** Every repository with its own visibility (null when it follows its namespace). */
  public Map<String, Visibility> repositoryVisibilities(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT name, visibility FROM repository")) {
      Map<String, Visibility> result = new java.util.HashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String v = r.getString(2);
          result.put(r.getString(1), v == null ? null : Visibility.valueOf(v));
        }
      }
      return result;
    }
  }

  /** Every namespace's default visibility, by account name. */
  public Map<String, Visibility> namespaceVisibilities(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT name, default_visibility FROM account")) {
      Map<String, Visibility> result = new java.util.HashMap<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          result.put(r.getString(1), Visibility.valueOf(r.getString(2)));
        }
      }
      return result;
    }
  }

  // ---- mapping

  private static Account account(ResultSet r) throws SQLException {
    String role = r.getString(8);
    return new Account(r.getLong(1), r.getString(2), Account.Kind.valueOf(r.getString(3)), r.getString(4),
        r.getString(5), r.getString(6), r.getString(7), role == null ? null : Role.valueOf(role),
        Visibility.valueOf(r.getString(9)), r.getInt(10), r.getBoolean(11),
        r.getObject(12, OffsetDateTime.class).toInstant());
  }

  private static Robot robot(ResultSet r) throws SQLException {
    OffsetDateTime expires = r.getObject(10, OffsetDateTime.class);
    OffsetDateTime revoked = r.getObject(11, OffsetDateTime.class);
    return new Robot(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4), Action.parseList(r.getString(5)),
        Arrays.stream(r.getString(6).split(",")).filter(n -> !n.isEmpty()).toList(), r.getString(7), r.getString(8),
        r.getObject(9, OffsetDateTime.class).toInstant(), expires == null ? null : expires.toInstant(),
        revoked == null ? null : revoked.toInstant());
  }

  private static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
