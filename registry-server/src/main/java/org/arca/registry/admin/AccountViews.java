package org.arca.registry.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arca.registry.account.Account;
import org.arca.registry.account.OrgRole;
import org.arca.registry.account.Robot;
import org.arca.registry.auth.Action;

/** The JSON documents of the management API. Secrets (password hashes, robot token hashes) never leave the server. */
final class AccountViews {
  private AccountViews() {}

  @Serdeable
  record AccountView(String name, String kind, @Nullable String email, @Nullable String orcid,
      @Nullable String displayName, @Nullable String role, String defaultVisibility, boolean disabled,
      Instant createdAt) {
    static AccountView of(Account a) {
      return new AccountView(a.name(), a.kind().name().toLowerCase(), a.email(), a.orcid(), a.displayName(),
          a.role() == null ? null : a.role().wireName(), a.defaultVisibility().wireName(), a.disabled(),
          a.createdAt());
    }
  }

  @Serdeable
  record NewUser(String name, @Nullable String email, @Nullable String orcid, @Nullable String displayName,
      String password, @Nullable String role) {}

  @Serdeable
  record UserChange(@Nullable String email, @Nullable String orcid, @Nullable String displayName,
      @Nullable String password, @Nullable String role, @Nullable Boolean disabled) {}

  @Serdeable
  record NewOrganization(String name, @Nullable String displayName, @Nullable String defaultVisibility) {}

  @Serdeable
  record RoleChange(String role) {}

  @Serdeable
  record VisibilityChange(@Nullable String visibility) {}

  @Serdeable
  record Members(String organization, Map<String, String> members) {
    static Members of(String organization, Map<String, OrgRole> members) {
      Map<String, String> view = new java.util.LinkedHashMap<>();
      members.forEach((user, role) -> view.put(user, role.wireName()));
      return new Members(organization, view);
    }
  }

  @Serdeable
  record NewRobot(String name, List<String> actions, @Nullable List<String> namespaces, @Nullable Instant expiresAt,
      @Nullable String description) {}

  @Serdeable
  record RobotView(String name, List<String> actions, List<String> namespaces, @Nullable String description,
      String createdBy, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt,
      @Nullable String token) {
    static RobotView of(Robot r, String token) {
      return new RobotView(r.name(), r.actions().stream().sorted().map(Action::wireName).toList(), r.namespaces(),
          r.description(), r.createdBy(), r.createdAt(), r.expiresAt(), r.revokedAt(), token);
    }
  }

  @Serdeable
  record GrantChange(List<String> actions) {}

  @Serdeable
  record RepositoryView(String repository, String visibility, boolean inherited, Map<String, List<String>> grants) {
    static RepositoryView of(String repository, String visibility, boolean inherited, Map<String, Set<Action>> grants) {
      Map<String, List<String>> view = new java.util.LinkedHashMap<>();
      grants.forEach((user, actions) -> view.put(user, actions.stream().sorted().map(Action::wireName).toList()));
      return new RepositoryView(repository, visibility, inherited, view);
    }
  }

  @Serdeable
  record Me(String name, String kind, @Nullable String role, @Nullable String email, @Nullable String orcid,
      @Nullable String displayName, Map<String, String> organizations) {}

  @Serdeable
  record KeyRotation(String keyId) {}
}
