package org.arca.registry.vetting;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.ImageLabels;
import org.arca.core.image.LicenseLabels;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.parsers.JsonParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers an image's vetting evidence from its referrers (found by their artifact type, as {@code oras attach
 * --artifact-type} sets it) and from its config's licence label. SBOMs are read with CycloneDX's own library or, for
 * SPDX JSON, with Jackson; scan reports are Trivy's JSON report ({@code trivy image --format json}). Each document is
 * read from the blob store as a stream, up to {@link #MAX_DOCUMENT_BYTES}.
 */
@Singleton
class EvidenceReader {
  static final String CYCLONEDX_JSON = "application/vnd.cyclonedx+json";
  static final String SPDX_JSON = "application/spdx+json";
  static final String TRIVY_REPORT = "application/vnd.aquasec.trivy.report+json";
  static final Set<String> SIGNATURES = Set.of("application/vnd.dev.cosign.artifact.sig.v1+json",
      "application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.cncf.notary.signature");
  static final long MAX_DOCUMENT_BYTES = 64L << 20;
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceReader.class);

  private final RegistryCatalog catalog;
  private final BlobStore blobs;

  EvidenceReader(RegistryCatalog catalog, BlobStore blobs) {
    this.catalog = catalog;
    this.blobs = blobs;
  }

  /** The evidence attached to {@code image} in {@code repository} now. */
  Evidence read(RepositoryName repository, StoredManifest image) {
    List<Evidence.Sbom> sboms = new ArrayList<>();
    List<Evidence.Scan> scans = new ArrayList<>();
    List<Digest> signatures = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Descriptor referrer : catalog.referrers(repository, image.digest(), null)) {
      String type = referrer.artifactType();
      if (type == null) {
        continue;
      }
      if (SIGNATURES.contains(type)) {
        signatures.add(referrer.digest());
        continue;
      }
      if (!type.equals(CYCLONEDX_JSON) && !type.equals(SPDX_JSON) && !type.equals(TRIVY_REPORT)) {
        continue;
      }
      try {
        StoredManifest stored = catalog.manifest(repository, referrer.digest()).orElse(null);
        if (stored == null) {
          continue; // deleted since it was listed
        }
        Manifest manifest = stored.parse();
        if (manifest.layers().isEmpty()) {
          throw new IllegalArgumentException("the artifact has no layer holding the document");
        }
        Descriptor document = manifest.layers().get(0);
        if (document.size() > MAX_DOCUMENT_BYTES) {
          throw new IllegalArgumentException("the document is " + document.size() + " bytes, more than "
              + MAX_DOCUMENT_BYTES);
        }
        switch (type) {
          case CYCLONEDX_JSON -> sboms.add(cycloneDx(referrer.digest(), document.digest(), stored.pushedAt()));
          case SPDX_JSON -> sboms.add(spdx(referrer.digest(), document.digest(), stored.pushedAt()));
          default -> scans.add(trivy(referrer.digest(), document.digest(), stored.pushedAt()));
        }
      } catch (IOException | RuntimeException | ParseException e) {
        LOG.info("vetting evidence {} of {}@{} ({}) is unreadable: {}", referrer.digest(), repository,
            image.digest(), type, e.toString());
        unreadable.add(type + " " + referrer.digest() + " cannot be read: " + describe(e));
      }
    }
    return new Evidence(sboms, scans, signatures, labelLicenses(image), unreadable);
  }

  private Evidence.Sbom cycloneDx(Digest referrer, Digest document, Instant pushedAt)
      throws IOException, ParseException {
    Bom bom;
    try (InputStream in = blobs.open(document)) {
      bom = new JsonParser().parse(in);
    }
    Set<String> licenses = new LinkedHashSet<>();
    if (bom.getMetadata() != null && bom.getMetadata().getComponent() != null) {
      licensesOf(bom.getMetadata().getComponent(), licenses);
    }
    if (bom.getComponents() != null) {
      bom.getComponents().forEach(component -> licensesOf(component, licenses));
    }
    Instant created = bom.getMetadata() != null && bom.getMetadata().getTimestamp() != null
        ? bom.getMetadata().getTimestamp().toInstant() : pushedAt;
    return new Evidence.Sbom(referrer, "CycloneDX", created, List.copyOf(licenses));
  }

  private static void licensesOf(Component component, Set<String> into) {
    LicenseChoice choice = component.getLicenses();
    if (choice != null) {
      if (choice.getLicenses() != null) {
        for (License license : choice.getLicenses()) {
          String id = license.getId() != null ? license.getId() : license.getName();
          if (id != null && !id.isBlank()) {
            into.add(id.trim());
          }
        }
      }
      if (choice.getExpression() != null && choice.getExpression().getValue() != null) {
        into.addAll(expressionIds(choice.getExpression().getValue()));
      }
    }
    if (component.getComponents() != null) {
      component.getComponents().forEach(child -> licensesOf(child, into));
    }
  }

  private Evidence.Sbom spdx(Digest referrer, Digest document, Instant pushedAt) throws IOException {
    JsonNode json = readJson(document);
    if (!json.path("spdxVersion").asText("").startsWith("SPDX-")) {
      throw new IllegalArgumentException("it has no \"spdxVersion\", so it is not an SPDX JSON document");
    }
    Set<String> licenses = new LinkedHashSet<>();
    for (JsonNode pkg : json.path("packages")) {
      for (String field : List.of("licenseConcluded", "licenseDeclared")) {
        licenses.addAll(expressionIds(pkg.path(field).asText("")));
      }
    }
    Instant created = time(json.path("creationInfo").path("created").asText(null)).orElse(pushedAt);
    return new Evidence.Sbom(referrer, "SPDX", created, List.copyOf(licenses));
  }

  private Evidence.Scan trivy(Digest referrer, Digest document, Instant pushedAt) throws IOException {
    JsonNode json = readJson(document);
    if (!json.has("SchemaVersion")) {
      throw new IllegalArgumentException("it has no \"SchemaVersion\", so it is not a Trivy JSON report");
    }
    List<Evidence.Finding> findings = new ArrayList<>();
    for (JsonNode result : json.path("Results")) {
      for (JsonNode vulnerability : result.path("Vulnerabilities")) {
        Severity severity;
        try {
          severity = Severity.parse(vulnerability.path("Severity").asText("UNKNOWN"));
        } catch (IllegalArgumentException e) {
          severity = Severity.UNKNOWN;
        }
        findings.add(new Evidence.Finding(vulnerability.path("VulnerabilityID").asText("?"), severity,
            result.path("Target").asText("")));
      }
    }
    Instant created = time(json.path("CreatedAt").asText(null)).orElse(pushedAt);
    return new Evidence.Scan(referrer, created, findings);
  }

  private JsonNode readJson(Digest document) throws IOException {
    try (InputStream in = blobs.open(document)) {
      return OciJson.MAPPER.readTree(in);
    }
  }

  private List<String> labelLicenses(StoredManifest image) {
    Manifest manifest = image.parse();
    if (manifest.isIndex() || manifest.config() == null) {
      return List.of();
    }
    try (InputStream in = blobs.open(manifest.config().digest())) {
      String label = ImageConfig.parse(in).labels().get(ImageLabels.LICENSES);
      return LicenseLabels.identifiers(label);
    } catch (IOException | RuntimeException e) {
      LOG.info("read the licence label of {}: {}", image.digest(), e.toString());
      return List.of();
    }
  }

  /** The licence identifiers of an SPDX licence expression, without operators and exceptions. */
  static List<String> expressionIds(String expression) {
    List<String> ids = new ArrayList<>();
    String[] tokens = expression.replace("(", " ").replace(")", " ").trim().split("\\s+");
    for (int i = 0; i < tokens.length; i++) {
      String token = tokens[i];
      if (token.equalsIgnoreCase("WITH")) {
        i++; // the exception is not a licence
      } else if (!token.isEmpty() && !token.equalsIgnoreCase("AND") && !token.equalsIgnoreCase("OR")
          && !token.equals("NOASSERTION") && !token.equals("NONE")) {
        ids.add(token);
      }
    }
    return ids;
  }

  private static Optional<Instant> time(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.length() > 200 ? message.substring(0, 200)
        : message;
  }
}
