package org.arca.registry.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.arca.registry.auth.Action;

/**
 * A robot account for automation: {@code <namespace>+<name>}, authenticating with a secret token, limited to some
 * namespaces and actions, expiring and revocable.
 */
public record Robot(
    long id,
    String name,
    long ownerId,
    String tokenHash,
    Set<Action> actions,
    List<String> namespaces,
    String description,
    String createdBy,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt) {

  public boolean isUsable(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }
}
