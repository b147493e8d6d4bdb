package org.arca.registry.account;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.AuthConfiguration;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;
import org.arca.registry.auth.PasswordHasher;
import org.arca.registry.auth.Role;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;

/**
 * Managing accounts, organizations, robots, visibility and grants, for the JSON API and the command line alike.
 * Every operation checks that {@code actor} may perform it and writes an audit entry.
 */
@Singleton
public class AccountService {
  /** The lengths of the database's columns. */
  private static final int DISPLAY_NAME_LENGTH = 255;
  private static final int DESCRIPTION_LENGTH = 255;

  private final Database database;
  private final AccountStore store;
  private final MetadataStore metadata;
  private final PasswordHasher hasher;
  private final Gatekeeper gatekeeper;
  private final AuditLog audit;
  private final AuthConfiguration config;
  private final Clock clock;

  public AccountService(Database database, AccountStore store, MetadataStore metadata, PasswordHasher hasher,
      Gatekeeper gatekeeper, AuditLog audit, AuthConfiguration config, Clock clock) {
    this.database = database;
    this.store = store;
    this.metadata = metadata;
    this.hasher = hasher;
    this.gatekeeper = gatekeeper;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** A robot together with its secret, which is shown this once and never stored. */
  public record NewRobot(Robot robot, String token) {}

  // ---- users

  public Account createUser(Caller actor, String address, String name, String email, String orcid,
      String displayName, String password, Role role) {
    requireAdmin(actor, "create users");
    Account account = new Account(0, Names.account(name), Account.Kind.USER, Names.email(email), Names.orcid(orcid),
        Names.text(displayName, "a display name", DISPLAY_NAME_LENGTH), hasher.hash(Names.password(password)), role == null ? Role.RESEARCHER : role,
        Visibility.parse(config.defaultVisibility()), 1, false, clock.instant());
    insert(account);
    audit.success(actor.name(), "user.create", name, "role " + account.role().wireName(), address);
    return find(name);
  }

  public Account setPassword(Caller actor, String address, String name, String password) {
    requireSelfOrAdmin(actor, name, "change the password of " + name);
    Account account = user(name);
    update(withPassword(account, hasher.hash(Names.password(password))));
    audit.success(actor.name(), "user.password", name, null, address);
    return find(name);
  }

  public Account setRole(Caller actor, String address, String name, Role role) {
    requireAdmin(actor, "change roles");
    Account a = user(name);
    update(new Account(a.id(), a.name(), a.kind(), a.email(), a.orcid(), a.displayName(), a.passwordHash(), role,
        a.defaultVisibility(), a.credentialsVersion(), a.disabled(), a.createdAt()));
    audit.success(actor.name(), "user.role", name, role.wireName(), address);
    return find(name);
  }

  public Account updateProfile(Caller actor, String address, String name, String email, String orcid,
      String displayName) {
    requireSelfOrAdmin(actor, name, "change the profile of " + name);
    Account a = find(name);
    update(new Account(a.id(), a.name(), a.kind(), email == null ? a.email() : Names.email(email),
        orcid == null ? a.orcid() : Names.orcid(orcid),
        displayName == null ? a.displayName() : Names.text(displayName, "a display name", DISPLAY_NAME_LENGTH),
        a.passwordHash(), a.role(), a.defaultVisibility(), a.credentialsVersion(), a.disabled(), a.createdAt()));
    audit.success(actor.name(), "account.profile", name, null, address);
    return find(name);
  }

  public Account setDisabled(Caller actor, String address, String name, boolean disabled) {
    requireAdmin(actor, "disable accounts");
    Account a = find(name);
    update(new Account(a.id(), a.name(), a.kind(), a.email(), a.orcid(), a.displayName(), a.passwordHash(), a.role(),
        a.defaultVisibility(), a.credentialsVersion() + 1, disabled, a.createdAt()));
    audit.success(actor.name(), disabled ? "account.disable" : "account.enable", name, null, address);
    return find(name);
  }

  public void deleteAccount(Caller actor, String address, String name) {
    requireAdmin(actor, "delete accounts");
    Account account = find(name);
    database.write(c -> store.deleteAccount(c, account.id()));
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "account.delete", name, null, address);
  }

  public List<Account> users(Caller actor) {
    requireAdmin(actor, "list users");
    return database.read(c -> store.accounts(c, Account.Kind.USER));
  }

  public Account find(String name) {
    return database.read(c -> store.account(c, name))
        .orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN, "no account named '" + name + "'"));
  }

  // ---- organizations

  public Account createOrganization(Caller actor, String address, String name, String displayName,
      Visibility defaultVisibility) {
    if (!isUserByPassword(actor) && actor.kind() != Caller.Kind.OPEN) {
      throw denied("only users create organizations");
    }
    Account org = new Account(0, Names.account(name), Account.Kind.ORGANIZATION, null, null,
        Names.text(displayName, "a display name", DISPLAY_NAME_LENGTH), null, null,
        defaultVisibility == null ? Visibility.parse(config.defaultVisibility()) : defaultVisibility, 1, false,
        clock.instant());
    insert(org);
    Account created = find(name);
    database.read(c -> store.account(c, actor.name())).filter(Account::isUser).ifPresent(creator -> {
      database.write(c -> {
        store.setMembership(c, created.id(), creator.id(), OrgRole.OWNER);
        return null;
      });
    });
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "organization.create", name, null, address);
    return created;
  }

  public List<Account> organizations() {
    return database.read(c -> store.accounts(c, Account.Kind.ORGANIZATION));
  }

  public Map<String, OrgRole> members(Caller actor, String organization) {
    Account org = organization(organization);
    requireNamespaceOwnerOrMember(actor, org);
    return database.read(c -> store.members(c, org.id()));
  }

  public void setMember(Caller actor, String address, String organization, String user, OrgRole role) {
    Account org = organization(organization);
    requireNamespaceOwner(actor, org.name());
    Account member = user(user);
    database.write(c -> {
      store.setMembership(c, org.id(), member.id(), role);
      return null;
    });
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "organization.member", organization + "/" + user, role.wireName(), address);
  }

  public void removeMember(Caller actor, String address, String organization, String user) {
    Account org = organization(organization);
    requireNamespaceOwner(actor, org.name());
    Account member = user(user);
    boolean removed = database.write(c -> store.removeMembership(c, org.id(), member.id()));
    if (!removed) {
      throw new RegistryException(OciError.NAME_UNKNOWN, user + " is not a member of " + organization);
    }
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "organization.member.remove", organization + "/" + user, null, address);
  }

  /** The visibility new and undecided repositories of a namespace (user or organization) get. */
  public Account setNamespaceVisibility(Caller actor, String address, String namespace, Visibility visibility) {
    requireNamespaceOwner(actor, namespace);
    Account a = find(namespace);
    update(new Account(a.id(), a.name(), a.kind(), a.email(), a.orcid(), a.displayName(), a.passwordHash(), a.role(),
        visibility, a.credentialsVersion(), a.disabled(), a.createdAt()));
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "namespace.visibility", namespace, visibility.wireName(), address);
    return find(namespace);
  }

  // ---- repositories

  /** Sets a repository's own visibility; null makes it follow its namespace again. */
  public void setRepositoryVisibility(Caller actor, String address, RepositoryName repository,
      Visibility visibility) {
    requireNamespaceOwner(actor, repository.namespace());
    long id = database.write(c -> metadata.ensureRepository(c, repository, clock.instant()));
    database.write(c -> {
      store.setRepositoryVisibility(c, id, visibility);
      return null;
    });
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "repository.visibility", repository.value(),
        visibility == null ? "namespace default" : visibility.wireName(), address);
  }

  /** The repository's effective visibility and whether it chose it or follows its namespace. */
  public record RepositorySettings(String repository, Visibility visibility, boolean inherited,
      Map<String, Set<Action>> grants) {}

  public RepositorySettings repositorySettings(Caller actor, RepositoryName repository) {
    requireNamespaceOwner(actor, repository.namespace());
    return database.read(c -> {
      Optional<Optional<Visibility>> own = store.repositoryVisibility(c, repository.value());
      if (own.isEmpty()) {
        throw new RegistryException(OciError.NAME_UNKNOWN, "no repository " + repository);
      }
      Visibility namespaceDefault = store.account(c, repository.namespace()).map(Account::defaultVisibility)
          .orElse(Visibility.parse(config.defaultVisibility()));
      long id = metadata.repositoryId(c, repository).orElseThrow();
      return new RepositorySettings(repository.value(), own.get().orElse(namespaceDefault), own.get().isEmpty(),
          store.grants(c, id));
    });
  }

  public void grant(Caller actor, String address, RepositoryName repository, String user, Set<Action> actions) {
    requireNamespaceOwner(actor, repository.namespace());
    Account member = user(user);
    long id = database.write(c -> metadata.ensureRepository(c, repository, clock.instant()));
    database.write(c -> {
      store.setGrant(c, id, member.id(), actions);
      return null;
    });
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "repository.grant", repository + " " + user, Action.toList(actions), address);
  }

  // ---- robots

  public NewRobot createRobot(Caller actor, String address, String namespace, String name, Set<Action> actions,
      List<String> namespaces, Instant expiresAt, String description) {
    Account owner = find(namespace);
    requireNamespaceOwner(actor, namespace);
    List<String> scope = namespaces == null || namespaces.isEmpty() ? List.of(namespace) : List.copyOf(namespaces);
    for (String ns : scope) {
      requireNamespaceOwner(actor, ns);
    }
    if (actions.isEmpty()) {
      throw Names.invalid("a robot needs at least one action: pull, push or delete");
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw Names.invalid("a robot's expiry must be in the future");
    }
    Names.text(description, "a robot's description", DESCRIPTION_LENGTH);
    String token = hasher.newToken();
    Robot robot = new Robot(0, namespace + "+" + Names.robot(name), owner.id(), PasswordHasher.sha256(token),
        EnumSet.copyOf(actions), scope, description, actor.name(), clock.instant(), expiresAt, null);
    try {
      database.write(c -> {
        store.insertRobot(c, robot);
        return null;
      });
    } catch (Database.DatabaseException e) {
      throw new RegistryException(OciError.DENIED, "a robot named " + robot.name() + " exists already")
          .withStatus(409);
    }
    audit.success(actor.name(), "robot.create", robot.name(), Action.toList(actions) + " on "
        + String.join(",", scope), address);
    return new NewRobot(database.read(c -> store.robot(c, robot.name())).orElseThrow(), token);
  }

  public List<Robot> robots(Caller actor, String namespace) {
    Account owner = find(namespace);
    requireNamespaceOwner(actor, namespace);
    return database.read(c -> store.robots(c, owner.id()));
  }

  public void revokeRobot(Caller actor, String address, String robotName) {
    Robot robot = database.read(c -> store.robot(c, robotName))
        .orElseThrow(() -> new RegistryException(OciError.NAME_UNKNOWN, "no robot named " + robotName));
    requireNamespaceOwner(actor, robotName.substring(0, robotName.indexOf('+')));
    database.write(c -> store.revokeRobot(c, robot.id(), clock.instant()));
    gatekeeper.forgetLogins();
    audit.success(actor.name(), "robot.revoke", robotName, null, address);
  }

  // ---- first start

  /** Creates the first admin account if there is none; returns whether it did. */
  public boolean createFirstAdmin(String name, String password) {
    if (database.read(store::anyAdmin)) {
      return false;
    }
    try {
      insert(new Account(0, Names.account(name), Account.Kind.USER, null, null, "Administrator",
          hasher.hash(Names.password(password)), Role.ADMIN, Visibility.parse(config.defaultVisibility()), 1, false,
          clock.instant()));
    } catch (RegistryException e) {
      if (database.read(store::anyAdmin)) {
        return false; // another instance on this database, starting at the same moment, made it first
      }
      throw e;
    }
    audit.success("arca", "user.create", name, "first admin", "local");
    return true;
  }

  // ---- checks

  /**
   * Whether the caller may read what concerns a namespace as a whole, such as its quota and usage: the user whose
   * namespace it is, a member of the organization in any role, a curator or an admin.
   */
  public boolean belongsTo(Caller actor, String namespace) {
    return actor.isCurator() || isUserByPassword(actor)
        && (actor.name().equals(namespace) || organizationsOf(actor.name()).containsKey(namespace));
  }

  private void requireAdmin(Caller actor, String what) {
    if (!actor.isAdmin()) {
      throw denied("only admins " + what);
    }
  }

  private void requireSelfOrAdmin(Caller actor, String name, String what) {
    if (!actor.isAdmin() && !(isUserByPassword(actor) && actor.name().equals(name))) {
      throw denied("only " + name + " or an admin may " + what);
    }
  }

  /** The user itself for its namespace, an owner for an organization's, or an admin. */
  private void requireNamespaceOwner(Caller actor, String namespace) {
    if (actor.isAdmin()) {
      return;
    }
    if (isUserByPassword(actor)) {
      if (actor.name().equals(namespace)) {
        return;
      }
      Map<String, OrgRole> orgs = organizationsOf(actor.name());
      if (orgs.get(namespace) == OrgRole.OWNER) {
        return;
      }
    }
    throw denied(actor.name() + " does not own the namespace " + namespace);
  }

  private void requireNamespaceOwnerOrMember(Caller actor, Account org) {
    if (actor.isAdmin() || isUserByPassword(actor) && organizationsOf(actor.name()).containsKey(org.name())) {
      return;
    }
    throw denied(actor.name() + " is not a member of " + org.name());
  }

  /**
   * A user who presented its password: only that manages an account. A robot or registry token is made to push and
   * pull, and a leaked one must not change a password or make robots (the API's filter refuses them first).
   */
  private static boolean isUserByPassword(Caller actor) {
    // SERVER: the operator's command line, which acts as the user it names with the whole account
    return actor.kind() == Caller.Kind.USER
        && (actor.credential() == Caller.Credential.PASSWORD || actor.credential() == Caller.Credential.SERVER);
  }

  private Map<String, OrgRole> organizationsOf(String user) {
    return database.read(c -> {
      Optional<Account> account = store.account(c, user);
      return account.isEmpty() ? Map.<String, OrgRole>of() : store.organizationsOf(c, account.get().id());
    });
  }

  private Account user(String name) {
    Account account = find(name);
    if (!account.isUser()) {
      throw Names.invalid(name + " is an organization, not a user");
    }
    return account;
  }

  private Account organization(String name) {
    Account account = find(name);
    if (account.kind() != Account.Kind.ORGANIZATION) {
      throw Names.invalid(name + " is a user, not an organization");
    }
    return account;
  }

  private void insert(Account account) {
    boolean exists = database.read(c -> store.account(c, account.name())).isPresent();
    if (exists) {
      throw new RegistryException(OciError.DENIED, "the name '" + account.name() + "' is taken").withStatus(409);
    }
    try {
      database.write(c -> {
        store.insertAccount(c, account);
        return null;
      });
    } catch (Database.DatabaseException e) {
      throw new RegistryException(OciError.DENIED, "the name '" + account.name() + "' is taken").withStatus(409);
    }
  }

  private void update(Account account) {
    database.write(c -> {
      store.updateAccount(c, account);
      return null;
    });
    gatekeeper.forgetLogins();
  }

  private static Account withPassword(Account a, String hash) {
    return new Account(a.id(), a.name(), a.kind(), a.email(), a.orcid(), a.displayName(), hash, a.role(),
        a.defaultVisibility(), a.credentialsVersion() + 1, a.disabled(), a.createdAt());
  }

  private static RegistryException denied(String message) {
    return new RegistryException(OciError.DENIED, message);
  }
}
