package org.arca.registry.account;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.arca.registry.auth.Action;

/**
 * A robot account for automation: {@code <namespace>+<name>}, authenticating with a secret token, limited to some
 * namespaces and actions, expiring and revocable.
 */
@MappedEntity(value = "robot", escape = false)
public record Robot(
    @Id @GeneratedValue long id,
    String name,
    long ownerId,
    String tokenHash,
    @MappedProperty(converter = StoredActions.class) Set<Action> actions,
    @MappedProperty(converter = StoredNamespaces.class) List<String> namespaces,
    @Nullable String description,
    String createdBy,
    Instant createdAt,
    @Nullable Instant expiresAt,
    @Nullable Instant revokedAt) {

  public boolean isUsable(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
