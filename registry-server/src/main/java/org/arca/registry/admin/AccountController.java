package org.arca.registry.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.registry.account.Account;
import org.arca.registry.account.AccountService;
import org.arca.registry.account.OrgRole;
import org.arca.registry.account.Visibility;
import org.arca.registry.admin.AccountViews.AccountView;
import org.arca.registry.admin.AccountViews.Members;
import org.arca.registry.admin.AccountViews.RobotView;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.auth.Permissions;
import org.arca.registry.auth.Role;
import org.arca.registry.auth.SigningKeys;

/**
 * The management API for accounts: users, organizations and their members, namespace visibility, robots, and key
 * rotation. Managing an account takes a user's password: robot and registry tokens reach only {@code /me} and the
 * list of organizations (see {@link org.arca.core.access.AcceptedCredentials}). Each operation checks the caller's
 * role itself.
 */
@Tag(name = "Accounts", description = "Users, organizations and members, namespace visibility, robots, signing keys")
@Controller("/api/v1")
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountController {
  private final AccountService accounts;
  private final Permissions permissions;
  private final SigningKeys keys;

  public AccountController(AccountService accounts, Permissions permissions, SigningKeys keys) {
    this.accounts = accounts;
    this.permissions = permissions;
    this.keys = keys;
  }

  /** Who the credentials belong to, with their role and organizations; for a user also e-mail, ORCID and name. */
  @Get("/me")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  @SecurityRequirement(name = "bearer")
  public AccountViews.Me me(HttpRequest<?> request) {
    Caller caller = Callers.of(request);
    Map<String, String> orgs = new java.util.LinkedHashMap<>();
    Account account = null;
    if (caller.kind() == Caller.Kind.USER) {
      permissions.organizationsOf(caller.name()).forEach((org, role) -> orgs.put(org, role.wireName()));
      account = accounts.find(caller.name());
    }
    return new AccountViews.Me(caller.name(), caller.kind().name().toLowerCase(),
        caller.role() == null ? null : caller.role().wireName(), account == null ? null : account.email(),
        account == null ? null : account.orcid(), account == null ? null : account.displayName(), orgs);
  }

  @Operation(summary = "Lists users (admins)")
  @Get("/users")
  public List<AccountView> users(HttpRequest<?> request) {
    return accounts.users(authenticated(request)).stream().map(AccountView::of).toList();
  }

  @Operation(summary = "Creates a user (admins)")
  @Post("/users")
  @Status(HttpStatus.CREATED)
  public AccountView createUser(HttpRequest<?> request, @Body AccountViews.NewUser user) {
    return AccountView.of(accounts.createUser(authenticated(request), Callers.address(request), user.name(),
        user.email(), user.orcid(), user.displayName(), user.password(),
        user.role() == null ? Role.RESEARCHER : Role.parse(user.role())));
  }

  @Operation(summary = "A user's profile")
  @Get("/users/{name}")
  public AccountView user(HttpRequest<?> request, @PathVariable String name) {
    Caller caller = authenticated(request);
    if (!caller.isAdmin() && !caller.name().equals(name)) {
      throw new RegistryException(OciError.DENIED, "only " + name + " or an admin may see this account");
    }
    return AccountView.of(accounts.find(name));
  }

  /** Changes a user's profile, password, role (admins) or disabled flag (admins); absent fields stay. */
  @Patch("/users/{name}")
  public AccountView changeUser(HttpRequest<?> request, @PathVariable String name,
      @Body AccountViews.UserChange change) {
    Caller caller = authenticated(request);
    String address = Callers.address(request);
    if (change.email() != null || change.orcid() != null || change.displayName() != null) {
      accounts.updateProfile(caller, address, name, change.email(), change.orcid(), change.displayName());
    }
    if (change.password() != null) {
      accounts.setPassword(caller, address, name, change.password());
    }
    if (change.role() != null) {
      accounts.setRole(caller, address, name, Role.parse(change.role()));
    }
    if (change.disabled() != null) {
      accounts.setDisabled(caller, address, name, change.disabled());
    }
    return AccountView.of(accounts.find(name));
  }

  @Operation(summary = "Deletes a user (admins)")
  @Delete("/users/{name}")
  public HttpResponse<?> deleteUser(HttpRequest<?> request, @PathVariable String name) {
    accounts.deleteAccount(authenticated(request), Callers.address(request), name);
    return HttpResponse.noContent();
  }

  @Operation(summary = "Lists organizations")
  @Get("/organizations")
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  @SecurityRequirement(name = "basic")
  @SecurityRequirement(name = "robot")
  @SecurityRequirement(name = "bearer")
  public List<AccountView> organizations() {
    return accounts.organizations().stream().map(AccountView::of).toList();
  }

  /** Creates an organization; the user who creates it becomes its owner. */
  @Post("/organizations")
  @Status(HttpStatus.CREATED)
  public AccountView createOrganization(HttpRequest<?> request, @Body AccountViews.NewOrganization org) {
    return AccountView.of(accounts.createOrganization(authenticated(request), Callers.address(request), org.name(),
        org.displayName(), org.defaultVisibility() == null ? null : Visibility.parse(org.defaultVisibility())));
  }

  @Operation(summary = "An organization's members and their roles")
  @Get("/organizations/{name}/members")
  public Members members(HttpRequest<?> request, @PathVariable String name) {
    return Members.of(name, accounts.members(authenticated(request), name));
  }

  @Operation(summary = "Adds a member or changes their role")
  @Put("/organizations/{name}/members/{user}")
  public Members setMember(HttpRequest<?> request, @PathVariable String name, @PathVariable String user,
      @Body AccountViews.RoleChange role) {
    Caller caller = authenticated(request);
    accounts.setMember(caller, Callers.address(request), name, user, OrgRole.parse(role.role()));
    return Members.of(name, accounts.members(caller, name));
  }

  @Operation(summary = "Removes a member")
  @Delete("/organizations/{name}/members/{user}")
  public HttpResponse<?> removeMember(HttpRequest<?> request, @PathVariable String name, @PathVariable String user) {
    accounts.removeMember(authenticated(request), Callers.address(request), name, user);
    return HttpResponse.noContent();
  }

  /** The visibility of a namespace's repositories that did not choose their own. */
  @Put("/namespaces/{name}/visibility")
  public AccountView namespaceVisibility(HttpRequest<?> request, @PathVariable String name,
      @Body AccountViews.VisibilityChange change) {
    return AccountView.of(accounts.setNamespaceVisibility(authenticated(request), Callers.address(request), name,
        Visibility.parse(change.visibility())));
  }

  @Operation(summary = "A namespace's robot accounts (without their tokens)")
  @Get("/namespaces/{name}/robots")
  public List<RobotView> robots(HttpRequest<?> request, @PathVariable String name) {
    return accounts.robots(authenticated(request), name).stream().map(r -> RobotView.of(r, null)).toList();
  }

  /** Creates a robot; the answer holds its token, which is shown this once. */
  @Post("/namespaces/{name}/robots")
  @Status(HttpStatus.CREATED)
  public RobotView createRobot(HttpRequest<?> request, @PathVariable String name,
      @Body AccountViews.NewRobot robot) {
    EnumSet<Action> actions = EnumSet.noneOf(Action.class);
    robot.actions().forEach(a -> actions.addAll(Action.parseList(a)));
    AccountService.NewRobot created = accounts.createRobot(authenticated(request), Callers.address(request), name,
        robot.name(), actions, robot.namespaces(), robot.expiresAt(), robot.description());
    return RobotView.of(created.robot(), created.token());
  }

  /** Revokes the robot {@code <name>+<robot>}: its token stops working at once on this instance. */
  @Operation(summary = "Revokes the robot `<name>+<robot>`: its token stops working at once")
  @Delete("/namespaces/{name}/robots/{robot}")
  public HttpResponse<?> revokeRobot(HttpRequest<?> request, @PathVariable String name, @PathVariable String robot) {
    accounts.revokeRobot(authenticated(request), Callers.address(request), name + "+" + robot);
    return HttpResponse.noContent();
  }

  /** Makes a new token signing key (admins). Tokens signed by older keys stay valid until they expire. */
  @Post("/keys/rotate")
  public AccountViews.KeyRotation rotateKeys(HttpRequest<?> request) {
    Caller caller = authenticated(request);
    if (!caller.isAdmin()) {
      throw new RegistryException(OciError.DENIED, "only admins rotate signing keys");
    }
    return new AccountViews.KeyRotation(keys.rotate());
  }

  static Caller authenticated(HttpRequest<?> request) {
    Caller caller = Callers.of(request);
    if (caller.isAnonymous()) {
      throw new RegistryException(OciError.UNAUTHORIZED, "log in: send HTTP Basic credentials or a bearer token")
          .withHeader("WWW-Authenticate", "Basic realm=\"arca\"");
    }
    return caller;
  }
}
