package org.arca.registry.auth;

import java.util.Map;
import java.util.Set;

/**
 * Who is making a request, and how its credentials proved it.
 *
 * @param name the account or robot name; {@code anonymous} when no credentials were given
 * @param kind who the caller is
 * @param role the user's role, or null for robots and anonymous callers
 * @param credential what the caller presented: what it may do depends on it, not only on the account
 * @param tokenAccess for registry tokens, the actions the token grants per repository name; null for every other
 *     credential, whose access is computed from the account alone
 */
public record Caller(String name, Kind kind, Role role, Credential credential, Map<String, Set<Action>> tokenAccess) {
  public static final Caller ANONYMOUS = new Caller("anonymous", Kind.ANONYMOUS, null, Credential.NONE, null);
  /** Everything allowed: open mode, and the server's own feature modules. */
  public static final Caller OPEN = new Caller("anonymous", Kind.OPEN, Role.ADMIN, Credential.SERVER, null);

  public enum Kind { ANONYMOUS, USER, ROBOT, OPEN }

  /** How a caller proved who it is. */
  public enum Credential {
    /** No credentials. */
    NONE,
    /** A user's own password (HTTP Basic): the whole account. */
    PASSWORD,
    /** A robot's token (HTTP Basic): the robot's actions in its namespaces. */
    ROBOT_TOKEN,
    /** A bearer token from {@code /auth/token}: the actions it names on the repositories it names, nothing more. */
    REGISTRY_TOKEN,
    /** Not a request: open mode, the server's own modules, and the operator's command line on the server. */
    SERVER
  }

  public Caller {
    if ((credential == Credential.REGISTRY_TOKEN) != (tokenAccess != null)) {
      throw new IllegalArgumentException("a caller has token access exactly when it presented a registry token");
    }
  }

  /** A caller proven by {@code credential}, which is not a registry token. */
  public static Caller of(String name, Kind kind, Role role, Credential credential) {
    return new Caller(name, kind, role, credential, null);
  }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /**
   * Whether the caller may act as an admin beyond repositories (accounts, keys, the audit log): an admin account,
   * not through a registry token, which carries only its scopes.
   */
  public boolean isAdmin() {
    return role == Role.ADMIN && credential != Credential.REGISTRY_TOKEN;
  }

  /** Curators and admins look after the whole archive; as with {@link #isAdmin()}, not through a registry token. */
  public boolean isCurator() {
    return (role == Role.CURATOR || role == Role.ADMIN) && credential != Credential.REGISTRY_TOKEN;
  }
}
