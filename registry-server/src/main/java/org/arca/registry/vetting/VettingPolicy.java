package org.arca.registry.vetting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.arca.core.image.OciJson;

/**
 * What a namespace requires before a curator may vet one of its images (docs/vetting.md). A scan report is always
 * required (unscanned means not vetted); the rest is the namespace's choice.
 *
 * @param requireSbom a CycloneDX JSON or SPDX JSON SBOM must be attached as a referrer
 * @param maxSeverity the highest severity the newest scan report may list, apart from {@code allowedCves}
 * @param allowedCves vulnerability ids the curators accepted, whatever their severity
 * @param requireSignature a cosign or notation signature must be attached as a referrer
 * @param allowedLicenses SPDX identifiers the image's licences (SBOM and licence label) must all be among; empty for
 *     any
 * @param maxEvidenceAge how old the newest SBOM and scan report may be; null for no limit
 * @param allowUnvettedInputs compositions in the namespace may use unvetted inputs (the result is marked unvetted)
 */
record VettingPolicy(boolean requireSbom, Severity maxSeverity, Set<String> allowedCves, boolean requireSignature,
    Set<String> allowedLicenses, Duration maxEvidenceAge, boolean allowUnvettedInputs) {

  /** The policy of a namespace whose curators set none: an SBOM and a scan without critical findings. */
  static final VettingPolicy DEFAULT = new VettingPolicy(true, Severity.HIGH, Set.of(), false, Set.of(), null, false);

  VettingPolicy {
    allowedCves = Set.copyOf(new TreeSet<>(allowedCves));
    allowedLicenses = Set.copyOf(new TreeSet<>(allowedLicenses));
  }

  /** Reads a policy document; a missing field takes the default policy's value. */
  static VettingPolicy parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a vetting policy is a JSON object (docs/vetting.md)");
    }
    for (var names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of("requireSbom", "scan", "requireSignature", "allowedLicenses", "maxEvidenceAge",
          "allowUnvettedInputs").contains(name)) {
        throw new IllegalArgumentException("a vetting policy has no field \"" + name + "\" (docs/vetting.md)");
      }
    }
    JsonNode scan = json.path("scan");
    if (!scan.isMissingNode() && !scan.isObject()) {
      throw new IllegalArgumentException("\"scan\" is an object: {\"maxSeverity\":\"high\",\"allowedCves\":[...]}");
    }
    Severity maxSeverity = scan.hasNonNull("maxSeverity") ? Severity.parse(scan.get("maxSeverity").asText())
        : DEFAULT.maxSeverity();
    Duration maxAge = null;
    if (json.hasNonNull("maxEvidenceAge")) {
      try {
        maxAge = Duration.parse(json.get("maxEvidenceAge").asText());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("\"maxEvidenceAge\" " + json.get("maxEvidenceAge")
            + " is not an ISO-8601 duration such as P30D");
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("\"maxEvidenceAge\" must be positive");
      }
    }
    return new VettingPolicy(flag(json, "requireSbom", DEFAULT.requireSbom()), maxSeverity,
        strings(scan, "allowedCves"), flag(json, "requireSignature", DEFAULT.requireSignature()),
        strings(json, "allowedLicenses"), maxAge, flag(json, "allowUnvettedInputs", DEFAULT.allowUnvettedInputs()));
  }

  ObjectNode toJson() {
    ObjectNode node = OciJson.MAPPER.createObjectNode();
    node.put("requireSbom", requireSbom);
    ObjectNode scan = node.putObject("scan");
    scan.put("format", EvidenceReader.TRIVY_REPORT);
    scan.put("maxSeverity", maxSeverity.wireName());
    var cves = scan.putArray("allowedCves");
    allowedCves.stream().sorted().forEach(cves::add);
    node.put("requireSignature", requireSignature);
    var licenses = node.putArray("allowedLicenses");
    allowedLicenses.stream().sorted().forEach(licenses::add);
    if (maxEvidenceAge != null) {
      node.put("maxEvidenceAge", maxEvidenceAge.toString());
    } else {
      node.putNull("maxEvidenceAge");
    }
    node.put("allowUnvettedInputs", allowUnvettedInputs);
    return node;
  }

  private static boolean flag(JsonNode json, String field, boolean fallback) {
    if (!json.hasNonNull(field)) {
      return fallback;
    }
    if (!json.get(field).isBoolean()) {
      throw new IllegalArgumentException("\"" + field + "\" is true or false");
    }
    return json.get(field).booleanValue();
  }

  private static Set<String> strings(JsonNode json, String field) {
    if (!json.hasNonNull(field)) {
      return Set.of();
    }
    if (!json.get(field).isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is a list of strings");
    }
    List<String> values = new ArrayList<>();
    json.get(field).forEach(value -> {
      if (!value.isTextual() || value.asText().isBlank()) {
        throw new IllegalArgumentException("\"" + field + "\" is a list of non-empty strings");
      }
      values.add(value.asText().trim());
    });
    return Set.copyOf(values);
  }
}
