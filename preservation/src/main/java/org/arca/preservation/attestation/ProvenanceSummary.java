package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * What an attestation says about how an image was made, in one shape whatever its format: who built it, how, from
 * which source and materials, and who signed the claim.
 *
 * @param predicateType e.g. {@code https://slsa.dev/provenance/v1}
 * @param builderId e.g. {@code https://github.com/actions/runner/github-hosted}
 * @param buildType e.g. {@code https://actions.github.io/buildtypes/workflow/v1}
 * @param sourceRepository the source the build started from, e.g. {@code https://github.com/o/r}, or null
 * @param sourceCommit its commit, or null
 * @param entryPoint the recipe within the source (a workflow path, a Dockerfile), or null
 * @param parameters the invocation's parameters as given (external parameters in SLSA v1), or an empty object
 * @param signer who signed it, or null for an unsigned attestation
 */
public record ProvenanceSummary(
    String predicateType,
    List<StatementSubject> subjects,
    String builderId,
    String buildType,
    String sourceRepository,
    String sourceCommit,
    String entryPoint,
    List<Material> materials,
    JsonNode parameters,
    String invocationId,
    String startedOn,
    String finishedOn,
    Signer signer) {

  public ProvenanceSummary {
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    materials = materials == null ? List.of() : List.copyOf(materials);
  }

  /** The materials that are container images: a built image's base images. */
  public List<Material> baseImages() {
    return materials.stream().filter(Material::isImage).toList();
  }

  public Optional<Signer> signerIfAny() {
    return Optional.ofNullable(signer);
  }

  public ProvenanceSummary withSigner(Signer newSigner) {
    return new ProvenanceSummary(predicateType, subjects, builderId, buildType, sourceRepository, sourceCommit,
        entryPoint, materials, parameters, invocationId, startedOn, finishedOn, newSigner);
  }
}
