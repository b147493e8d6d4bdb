package org.arca.preservation.provenance;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.attestation.Attestation;
import org.arca.preservation.attestation.DerivationStatements;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.attestation.Material;
import org.arca.preservation.attestation.ProvenanceSummary;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.ImageFactsReader;

/**
 * Derives provenance records for a pushed manifest and stores them: the base image named by the
 * {@code org.opencontainers.image.base.*} labels or annotations, and the materials of every attestation attached to
 * it (as referrers or in BuildKit's index). When the pushed manifest is itself an attestation about another
 * manifest (its {@code subject}), the records are derived for that subject. Recording twice adds nothing.
 */
public final class ProvenanceRecorder {
  private final RegistryCatalog catalog;
  private final ImageFactsReader facts;
  private final ImageAttestations attestations;
  private final ProvenanceStore store;
  private final Clock clock;

  public ProvenanceRecorder(RegistryCatalog catalog, ImageFactsReader facts, ImageAttestations attestations,
      ProvenanceStore store, Clock clock) {
    this.catalog = catalog;
    this.facts = facts;
    this.attestations = attestations;
    this.store = store;
    this.clock = clock;
  }

  /** Records what is known about {@code digest} in {@code repository}; returns the records derived. */
  public List<ProvenanceRecord> record(RepositoryName repository, Digest digest) throws IOException {
    List<ProvenanceRecord> records = new ArrayList<>(fromLabels(facts.read(repository, digest)));
    records.addAll(fromAttestations(repository, digest));
    Optional<Manifest> manifest = catalog.manifest(repository, digest).map(m -> m.parse());
    if (manifest.isPresent() && manifest.get().subject() != null) {
      records.addAll(fromAttestations(repository, manifest.get().subject().digest()));
    }
    records.forEach(store::record);
    return records;
  }

  /** The base image the labels or annotations name, if they name its digest or reference. */
  public List<ProvenanceRecord> fromLabels(ImageFacts image) {
    Optional<String> name = image.property(ImageFacts.BASE_NAME);
    Digest digest = image.property(ImageFacts.BASE_DIGEST).map(ProvenanceRecorder::digestOrNull).orElse(null);
    if (digest == null && name.isEmpty()) {
      return List.of();
    }
    return List.of(new ProvenanceRecord(image.repository(), image.digest(), ProvenanceRecord.Relation.BASE_IMAGE,
        digest, name.orElse(null), ProvenanceRecord.Origin.LABEL, null, clock.instant()));
  }

  private List<ProvenanceRecord> fromAttestations(RepositoryName repository, Digest digest) throws IOException {
    List<ProvenanceRecord> records = new ArrayList<>();
    for (ImageAttestations.Found found : attestations.attestations(repository, digest)) {
      records.addAll(fromAttestation(repository, found.subject(), found.carrier(), found.attestation()));
    }
    return records;
  }

  /** The records one attestation about {@code subject} yields; {@code carrier} is the manifest holding it. */
  public List<ProvenanceRecord> fromAttestation(RepositoryName repository, Digest subject, Digest carrier,
      Attestation attestation) {
    ProvenanceSummary summary = attestation.provenance();
    if (summary == null) {
      return List.of();
    }
    String buildType = summary.buildType() == null ? "" : summary.buildType();
    ProvenanceRecord.Origin origin = buildType.startsWith("urn:arca:") ? ProvenanceRecord.Origin.ARCA
        : ProvenanceRecord.Origin.ATTESTATION;
    ProvenanceRecord.Relation imageRelation = switch (buildType) {
      case DerivationStatements.SIF_CONVERSION -> ProvenanceRecord.Relation.CONVERTED_FROM;
      case DerivationStatements.COMPOSITION -> ProvenanceRecord.Relation.COMPOSED_FROM;
      default -> ProvenanceRecord.Relation.MATERIAL;
    };
    List<ProvenanceRecord> records = new ArrayList<>();
    for (Material material : summary.materials()) {
      if (material.isImage()) {
        records.add(new ProvenanceRecord(repository, subject, imageRelation, imageDigest(material), material.uri(),
            origin, carrier, clock.instant()));
      } else if (material.isSource() && material.uri() != null) {
        String commit = material.commit();
        records.add(new ProvenanceRecord(repository, subject, ProvenanceRecord.Relation.MATERIAL, null,
            material.uri() + (commit == null || material.uri().contains(commit) ? "" : "#" + commit), origin,
            carrier, clock.instant()));
      }
    }
    boolean sourceListed = records.stream().anyMatch(r -> r.source() == null);
    if (!sourceListed && summary.sourceRepository() != null) {
      records.add(new ProvenanceRecord(repository, subject, ProvenanceRecord.Relation.MATERIAL, null,
          "git+" + summary.sourceRepository() + (summary.sourceCommit() == null ? "" : "@" + summary.sourceCommit()),
          origin, carrier, clock.instant()));
    }
    List<ProvenanceRecord> distinct = new ArrayList<>();
    for (ProvenanceRecord r : records) {
      if (distinct.stream().noneMatch(r::sameEdge)) {
        distinct.add(r);
      }
    }
    return distinct;
  }

  /**
   * The manifest digest of an image material: the one in its reference ({@code oci://host/repo@sha256:...}), else
   * its recorded sha256 (BuildKit records the resolved manifest digest of {@code pkg:docker} materials).
   */
  static Digest imageDigest(Material material) {
    String uri = material.uri();
    int at = uri.lastIndexOf("@sha256:");
    if (at >= 0) {
      String text = uri.substring(at + 1);
      int end = text.indexOf('?');
      Digest inUri = digestOrNull(end < 0 ? text : text.substring(0, end));
      if (inUri != null) {
        return inUri;
      }
    }
    String hex = material.digest().get("sha256");
    return hex == null ? null : digestOrNull("sha256:" + hex);
  }

  private static Digest digestOrNull(String text) {
    try {
      return Digest.parse(text);
    } catch (RegistryException e) {
      return null;
    }
  }
}
