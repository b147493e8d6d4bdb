package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;

/**
 * Summarises SLSA provenance predicates, v0.2 (BuildKit's default and most of the ecosystem's until 2023) and v1
 * (GitHub's artifact attestations, BuildKit with {@code mode=max,version=v1}), into a {@link ProvenanceSummary}.
 * The source repository and commit are found where each producer puts them: v1 workflow parameters, v0.2
 * {@code invocation.configSource}, BuildKit's VCS metadata, or else the first Git material.
 *
 * @see <a href="https://slsa.dev/spec/v0.2/provenance">SLSA provenance v0.2</a>
 * @see <a href="https://slsa.dev/spec/v1.0/provenance">SLSA provenance v1</a>
 */
public final class SlsaProvenance {
  public static final String V02 = "https://slsa.dev/provenance/v0.2";
  public static final String V1 = "https://slsa.dev/provenance/v1";
  private static final String BUILDKIT_METADATA = "https://mobyproject.org/buildkit@v1#metadata";

  private SlsaProvenance() {}

  /** Whether the statement carries a SLSA provenance predicate this class reads. */
  public static boolean supports(String predicateType) {
    return V02.equals(predicateType) || V1.equals(predicateType) || "https://slsa.dev/provenance/v0.1".equals(
        predicateType);
  }

  public static ProvenanceSummary summarize(InTotoStatement statement) {
    JsonNode p = statement.predicate();
    return V1.equals(statement.predicateType()) ? v1(statement, p) : v02(statement, p);
  }

  private static ProvenanceSummary v02(InTotoStatement statement, JsonNode p) {
    List<Material> materials = new ArrayList<>();
    for (JsonNode m : p.path("materials")) {
      materials.add(new Material(m.path("uri").asText(null), digests(m.path("digest")), null));
    }
    JsonNode invocation = p.path("invocation");
    JsonNode configSource = invocation.path("configSource");
    String repository = repositoryOf(text(configSource, "uri"));
    String commit = digests(configSource.path("digest")).getOrDefault("sha1",
        digests(configSource.path("digest")).get("gitCommit"));
    JsonNode vcs = p.path("metadata").path(BUILDKIT_METADATA).path("vcs");
    if (repository == null) {
      repository = repositoryOf(text(vcs, "source"));
    }
    if (commit == null) {
      commit = text(vcs, "revision");
    }
    if (repository == null || commit == null) {
      Material source = materials.stream().filter(Material::isSource).findFirst().orElse(null);
      if (source != null) {
        repository = repository != null ? repository : repositoryOf(source.uri());
        commit = commit != null ? commit : source.commit();
      }
    }
    JsonNode parameters = invocation.path("parameters");
    JsonNode metadata = p.path("metadata");
    return new ProvenanceSummary(statement.predicateType(), statement.subjects(),
        text(p.path("builder"), "id"), text(p, "buildType"), repository, commit,
        text(configSource, "entryPoint"), materials,
        parameters.isMissingNode() ? OciJson.MAPPER.createObjectNode() : parameters,
        text(metadata, "buildInvocationID"), text(metadata, "buildStartedOn"), text(metadata, "buildFinishedOn"),
        null);
  }

  private static ProvenanceSummary v1(InTotoStatement statement, JsonNode p) {
    JsonNode definition = p.path("buildDefinition");
    JsonNode external = definition.path("externalParameters");
    List<Material> materials = new ArrayList<>();
    for (JsonNode d : definition.path("resolvedDependencies")) {
      materials.add(new Material(d.path("uri").asText(null), digests(d.path("digest")), text(d, "name")));
    }
    JsonNode workflow = external.path("workflow");
    JsonNode configSource = external.path("configSource");
    String repository = repositoryOf(text(workflow, "repository"));
    String entryPoint = text(workflow, "path");
    if (repository == null) {
      repository = repositoryOf(text(configSource, "uri"));
      entryPoint = entryPoint != null ? entryPoint : text(configSource, "path");
    }
    String commit = digests(configSource.path("digest")).getOrDefault("sha1", null);
    Material source = materials.stream().filter(Material::isSource).findFirst().orElse(null);
    if (source != null) {
      repository = repository != null ? repository : repositoryOf(source.uri());
      commit = commit != null ? commit : source.commit();
    }
    JsonNode run = p.path("runDetails");
    JsonNode metadata = run.path("metadata");
    return new ProvenanceSummary(statement.predicateType(), statement.subjects(), text(run.path("builder"), "id"),
        text(definition, "buildType"), repository, commit, entryPoint, materials,
        external.isMissingNode() ? OciJson.MAPPER.createObjectNode() : external,
        text(metadata, "invocationId"), text(metadata, "startedOn"), text(metadata, "finishedOn"), null);
  }

  /**
   * {@code git+https://github.com/o/r@refs/heads/main}, {@code https://github.com/o/r.git#main} and
   * {@code https://github.com/o/r} all name the repository {@code https://github.com/o/r}.
   */
  static String repositoryOf(String uri) {
    if (uri == null || uri.isBlank()) {
      return null;
    }
    String u = uri.startsWith("git+") ? uri.substring(4) : uri;
    int hash = u.indexOf('#');
    if (hash >= 0) {
      u = u.substring(0, hash);
    }
    int scheme = u.indexOf("://");
    int at = u.indexOf('@', scheme < 0 ? 0 : scheme + 3);
    int slash = u.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    if (at > slash && slash >= 0) { // an @ after the host separates the ref; one before it is user info
      u = u.substring(0, at);
    }
    if (u.endsWith(".git")) {
      u = u.substring(0, u.length() - 4);
    }
    return u;
  }

  static Map<String, String> digests(JsonNode node) {
    Map<String, String> digests = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> digests.put(e.getKey(), e.getValue().asText()));
    return digests;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
  }
}
