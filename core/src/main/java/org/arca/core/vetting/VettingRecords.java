package org.arca.core.vetting;

import java.time.Instant;
import java.util.Optional;
import org.arca.core.Digest;

/**
 * What curators decided about images: whether a manifest (an image, or the building block its own layers form) is
 * vetted now. Composition admits only vetted inputs, search answers {@code is:vetted} from it, the web pages show it.
 * The vetting feature implements it; the decision itself is also stored as an attestation referrer of the image.
 */
public interface VettingRecords {

  /** The decision in force for {@code manifest}, or empty when no curator ever decided (unscanned means unvetted). */
  Optional<Decision> current(Digest manifest);

  /** Whether {@code namespace}'s policy lets unvetted inputs into compositions (marked unvetted everywhere). */
  boolean allowsUnvettedInputs(String namespace);

  /**
   * One decision.
   *
   * @param vetted true when the image met the policy and was vetted; false when revoked or refused
   * @param policy the name of the namespace policy it was evaluated against
   * @param decidedBy the curator (or {@code arca} for a re-evaluation)
   * @param reason why, in a curator's words or naming the failed requirement
   * @param attestation the digest of the signed attestation stored as a referrer of the image, when stored
   */
  record Decision(
      Digest manifest,
      boolean vetted,
      String policy,
      String decidedBy,
      Instant decidedAt,
      String reason,
      Optional<Digest> attestation) {}
}
