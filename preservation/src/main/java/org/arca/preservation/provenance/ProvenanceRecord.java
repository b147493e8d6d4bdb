package org.arca.preservation.provenance;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * One edge of the provenance graph: the image {@code subject} in {@code repository} was made from a source, named
 * by digest where known (then it is a node of the graph) and by a reference or URI otherwise (a Git commit, an image
 * elsewhere).
 *
 * @param source the source's manifest digest, or null when the source is not an OCI image (a Git checkout)
 * @param sourceName a readable name of the source: {@code docker.io/library/debian:12},
 *     {@code git+https://github.com/o/r@<commit>}; or null
 * @param evidence the digest of the manifest carrying the statement this record was read from, or null (a label)
 */
public record ProvenanceRecord(
    RepositoryName repository,
    Digest subject,
    Relation relation,
    Digest source,
    String sourceName,
    Origin origin,
    Digest evidence,
    Instant recordedAt) {

  /** How the subject relates to its source. */
  public enum Relation {
    /** Built on the source as its base image ({@code FROM}). */
    BASE_IMAGE,
    /** Another input of its build: a source checkout, a build-stage image, a frontend image. */
    MATERIAL,
    /** A SIF converted from the source image. */
    CONVERTED_FROM,
    /** Composed from layers taken from the source image. */
    COMPOSED_FROM
  }

  /** Where the record was read. */
  public enum Origin {
    /** The {@code org.opencontainers.image.base.*} labels or annotations. */
    LABEL,
    /** An attestation pushed with the image (BuildKit, GitHub, cosign). */
    ATTESTATION,
    /** A statement Arca wrote about its own derivation. */
    ARCA
  }

  public ProvenanceRecord {
    if (repository == null || subject == null || relation == null || origin == null || recordedAt == null) {
      throw new IllegalArgumentException("a provenance record needs repository, subject, relation, origin and time");
    }
    if (source == null && (sourceName == null || sourceName.isBlank())) {
      throw new IllegalArgumentException("a provenance record names its source by digest or by name");
    }
  }

  /** Whether {@code other} states the same edge (the time and evidence aside): the store keeps one of them. */
  public boolean sameEdge(ProvenanceRecord other) {
    return repository.equals(other.repository) && subject.equals(other.subject) && relation == other.relation
        && java.util.Objects.equals(source, other.source) && java.util.Objects.equals(sourceName, other.sourceName);
  }
}
