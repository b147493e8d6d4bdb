package org.arca.registry.compose;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arca.core.Digest;
import org.arca.core.vetting.VettingRecords;

/**
 * Vetting decisions a test sets directly, standing in for the vetting feature (built on another branch) in the
 * {@code compose-test} environment; primary, so it also wins once that feature is there. The decisions are shared by
 * every server a test starts in this JVM, as one vetting database would be.
 */
@Singleton
@Primary
@Requires(env = RecordedVetting.ENVIRONMENT)
class RecordedVetting implements VettingRecords {
  static final String ENVIRONMENT = "compose-test";
  private static final Map<Digest, Decision> DECISIONS = new ConcurrentHashMap<>();
  private static final Set<String> OPEN_NAMESPACES = ConcurrentHashMap.newKeySet();

  static void vet(Digest manifest) {
    DECISIONS.put(manifest, new Decision(manifest, true, "test-policy", "curator", Instant.parse(
        "2026-12-01T00:00:00Z"), "meets test-policy", Optional.empty()));
  }

  static void revoke(Digest manifest, String reason) {
    DECISIONS.put(manifest, new Decision(manifest, false, "test-policy", "curator", Instant.parse(
        "2026-12-02T00:00:00Z"), reason, Optional.empty()));
  }

  static void forget(Digest manifest) {
    DECISIONS.remove(manifest);
  }

  static void allowUnvetted(String namespace) {
    OPEN_NAMESPACES.add(namespace);
  }

  @Override
  public Optional<Decision> current(Digest manifest) {
    return Optional.ofNullable(DECISIONS.get(manifest));
  }

  @Override
  public boolean allowsUnvettedInputs(String namespace) {
    return OPEN_NAMESPACES.contains(namespace);
  }
}
