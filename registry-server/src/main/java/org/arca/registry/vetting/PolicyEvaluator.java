package org.arca.registry.vetting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Digest;

/** Evaluates an image's evidence against a namespace's vetting policy. Pure logic: no registry, no clock of its own. */
final class PolicyEvaluator {
  private PolicyEvaluator() {}

  /**
   * What an evaluation found.
   *
   * @param unmet each requirement the evidence does not meet, in words a curator can act on; empty when vetted
   * @param evidence the referrers the evaluation relied on (the newest SBOM and scan report, the signatures)
   */
  record Evaluation(List<String> unmet, List<Digest> evidence) {
    Evaluation {
      unmet = List.copyOf(unmet);
      evidence = List.copyOf(evidence);
    }

    boolean met() {
      return unmet.isEmpty();
    }
  }

  static Evaluation evaluate(VettingPolicy policy, Evidence evidence, Instant now) {
    List<String> unmet = new ArrayList<>(evidence.unreadable());
    List<Digest> used = new ArrayList<>();
    Optional<Evidence.Sbom> sbom = evidence.newestSbom();
    if (sbom.isPresent()) {
      used.add(sbom.get().digest());
      tooOld("the newest SBOM", sbom.get().digest(), sbom.get().created(), policy.maxEvidenceAge(), now)
          .ifPresent(unmet::add);
    } else if (policy.requireSbom()) {
      unmet.add("no SBOM is attached: attach a CycloneDX JSON (" + EvidenceReader.CYCLONEDX_JSON + ") or SPDX JSON ("
          + EvidenceReader.SPDX_JSON + ") SBOM as a referrer of the image");
    }
    Optional<Evidence.Scan> scan = evidence.newestScan();
    if (scan.isEmpty()) {
      unmet.add("no scan report is attached (unscanned means not vetted): attach a Trivy JSON report ("
          + EvidenceReader.TRIVY_REPORT + ") as a referrer of the image");
    } else {
      used.add(scan.get().digest());
      tooOld("the newest scan report", scan.get().digest(), scan.get().created(), policy.maxEvidenceAge(), now)
          .ifPresent(unmet::add);
      Set<String> above = new LinkedHashSet<>();
      for (Evidence.Finding finding : scan.get().findings()) {
        if (finding.severity().compareTo(policy.maxSeverity()) > 0 && !policy.allowedCves().contains(finding.id())) {
          above.add(finding.id() + " (" + finding.severity().wireName() + ")");
        }
      }
      if (!above.isEmpty()) {
        unmet.add("the scan report " + scan.get().digest() + " lists " + above.size() + " vulnerabilit"
            + (above.size() == 1 ? "y" : "ies") + " above the maximum severity " + policy.maxSeverity().wireName()
            + " and not on the allowlist: " + String.join(", ", above));
      }
    }
    if (evidence.signatures().isEmpty()) {
      if (policy.requireSignature()) {
        unmet.add("no signature is attached: sign the image with cosign or notation (stored as a referrer)");
      }
    } else {
      used.addAll(evidence.signatures());
    }
    if (!policy.allowedLicenses().isEmpty()) {
      Set<String> found = new LinkedHashSet<>(evidence.labelLicenses());
      sbom.ifPresent(s -> found.addAll(s.licenses()));
      if (found.isEmpty()) {
        unmet.add("no licence is stated: neither the SBOM nor the org.opencontainers.image.licenses label names one");
      } else {
        List<String> outside = found.stream().filter(l -> !policy.allowedLicenses().contains(l)).toList();
        if (!outside.isEmpty()) {
          unmet.add("licences not on the allowed list: " + String.join(", ", outside));
        }
      }
    }
    return new Evaluation(unmet, used);
  }

  private static Optional<String> tooOld(String what, Digest digest, Instant created, Duration maxAge, Instant now) {
    if (maxAge == null || !created.plus(maxAge).isBefore(now)) {
      return Optional.empty();
    }
    return Optional.of(what + " " + digest + " dates from " + created + ", older than the maximum age " + maxAge);
  }
}
