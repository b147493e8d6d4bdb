package org.arca.registry.account;

import java.time.Instant;
import org.arca.registry.auth.Role;

/**
 * A user or an organization. Its name is also its namespace.
 *
 * @param role the user's role; null for organizations
 * @param defaultVisibility visibility of the namespace's repositories that did not choose their own
 * @param credentialsVersion raised whenever the password changes, which invalidates refresh tokens issued before
 */
public record Account(
    long id,
    String name,
    Kind kind,
    String email,
    String orcid,
    String displayName,
    String passwordHash,
    Role role,
    Visibility defaultVisibility,
    int credentialsVersion,
    boolean disabled,
    Instant createdAt) {

  public enum Kind { USER, ORGANIZATION }

  public boolean isUser() {
    return kind == Kind.USER;
  }
}
