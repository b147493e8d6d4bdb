package org.arca.registry.vetting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;

/**
 * What an image's referrers and labels offer as evidence for vetting: SBOMs, scan reports, signatures, licences.
 * Referrers that claim a kind but cannot be read are kept as {@code unreadable}, so a refusal can name them.
 */
record Evidence(List<Sbom> sboms, List<Scan> scans, List<Digest> signatures, List<String> labelLicenses,
    List<String> unreadable) {

  Evidence {
    sboms = List.copyOf(sboms);
    scans = List.copyOf(scans);
    signatures = List.copyOf(signatures);
    labelLicenses = List.copyOf(labelLicenses);
    unreadable = List.copyOf(unreadable);
  }

  /** An SBOM referrer: its manifest digest, format, when it was made, and the licences its components declare. */
  record Sbom(Digest digest, String format, Instant created, List<String> licenses) {}

  /** A scan report referrer: its manifest digest, when the scan ran, and what it found. */
  record Scan(Digest digest, Instant created, List<Finding> findings) {}

  /** One vulnerability a scan found. */
  record Finding(String id, Severity severity, String target) {}

  Optional<Sbom> newestSbom() {
    return sboms.stream().max(java.util.Comparator.comparing(Sbom::created));
  }

  Optional<Scan> newestScan() {
    return scans.stream().max(java.util.Comparator.comparing(Scan::created));
  }
}
