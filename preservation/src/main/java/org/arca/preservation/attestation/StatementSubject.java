package org.arca.preservation.attestation;

import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RegistryException;

/** A subject of an in-toto Statement: a name and its digests by algorithm ({@code sha256 -> hex}). */
public record StatementSubject(String name, Map<String, String> digest) {

  public StatementSubject {
    digest = digest == null ? Map.of() : Map.copyOf(digest);
  }

  /** The sha256 digest as an OCI digest, if present and well formed. */
  public Optional<Digest> sha256() {
    String hex = digest.get("sha256");
    if (hex == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Digest("sha256", hex.toLowerCase(java.util.Locale.ROOT)));
    } catch (RegistryException e) {
      return Optional.empty();
    }
  }
}
