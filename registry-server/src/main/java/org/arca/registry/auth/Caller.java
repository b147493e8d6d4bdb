package org.arca.registry.auth;

import java.util.Map;
import java.util.Set;

/**
 * Who is making a request, as proven by its credentials.
 *
 * @param name the account or robot name; {@code anonymous} when no credentials were given
 * @param kind how the caller authenticated
 * @param role the user's role, or null for robots and anonymous callers
 * @param tokenAccess for bearer tokens, the actions the token grants per repository name; null when the caller's
 *     access is computed from its account instead (passwords, robot tokens, anonymous)
 */
public record Caller(String name, Kind kind, Role role, Map<String, Set<Action>> tokenAccess) {
  public static final Caller ANONYMOUS = new Caller("anonymous", Kind.ANONYMOUS, null, null);
  /** Everything allowed: open mode, and the server's own feature modules. */
  public static final Caller OPEN = new Caller("anonymous", Kind.OPEN, Role.ADMIN, null);

  public enum Kind { ANONYMOUS, USER, ROBOT, OPEN }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** Curators and admins look after the whole archive. */
  public boolean isCurator() {
    return role == Role.CURATOR || role == Role.ADMIN;
  }

  public Caller withTokenAccess(Map<String, Set<Action>> access) {
    return new Caller(name, kind, role, Map.copyOf(access));
  }
}
