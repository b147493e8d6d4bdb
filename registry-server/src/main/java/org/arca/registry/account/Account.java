package org.arca.registry.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import org.arca.registry.auth.Role;

/**
 * A user or an organization. Its name is also its namespace.
 *
 * @param role the user's role; null for organizations
 * @param defaultVisibility visibility of the namespace's repositories that did not choose their own
 * @param credentialsVersion raised whenever the password changes, which invalidates refresh tokens issued before
 */
@MappedEntity(value = "account", escape = false)
public record Account(
    @Id @GeneratedValue long id,
    String name,
    Kind kind,
    @Nullable String email,
    @Nullable String orcid,
    @Nullable String displayName,
    @Nullable String passwordHash,
    @Nullable Role role,
    Visibility defaultVisibility,
    int credentialsVersion,
    boolean disabled,
    Instant createdAt) {

  public enum Kind { USER, ORGANIZATION }

  public boolean isUser() {
    return kind == Kind.USER;
  }
}
