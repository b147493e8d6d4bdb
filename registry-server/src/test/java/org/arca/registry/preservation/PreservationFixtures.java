package org.arca.registry.preservation;

import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.arca.core.Actors;
import org.arca.core.AnnotationKeys;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryWriter;
import org.arca.preservation.attestation.InTotoStatement;
import org.arca.preservation.attestation.ReferrerArtifact;
import org.arca.preservation.attestation.StatementSubject;
import org.arca.registry.testing.OciClient;

/** Images, attestations and SIFs as clients, CI systems and the converter push them, for the preservation tests. */
final class PreservationFixtures {
  static final Digest BASE = Digest.sha256("debian:bookworm".getBytes(StandardCharsets.UTF_8));
  static final String COMMIT = "9f2c1e7a4b3d5c6e8f9a0b1c2d3e4f5a6b7c8d9e";

  private PreservationFixtures() {}

  /** An image pushed and tagged with the labels a careful researcher sets; returns its digest and manifest size. */
  record Image(Digest digest, long size) {
    Descriptor descriptor() {
      return new Descriptor(MediaTypes.OCI_MANIFEST, digest, size);
    }
  }

  static Image pushImage(OciClient client, String repository, String tag, String title) {
    return pushImage(client, repository, tag, title, "docker.io/library/debian:bookworm", BASE);
  }

  /** The same, built on the base image {@code baseName} with the manifest digest {@code base}. */
  static Image pushImage(OciClient client, String repository, String tag, String title, String baseName,
      Digest base) {
    return push(client, repository, tag, Map.of("org.opencontainers.image.licenses", "MIT"), annotations(
        "org.opencontainers.image.title", title,
        "org.opencontainers.image.authors", "Jane Doe (https://orcid.org/0000-0002-1825-0097); Rick Roe",
        "org.opencontainers.image.version", "2.1.0",
        "org.opencontainers.image.description", "Variant calling pipeline for the 2026 cohort",
        "org.opencontainers.image.source", "https://github.com/octo/analysis",
        "org.opencontainers.image.revision", COMMIT,
        "org.opencontainers.image.created", "2026-03-01T10:00:00Z",
        "org.opencontainers.image.base.name", baseName,
        "org.opencontainers.image.base.digest", base.toString()));
  }

  /** An image whose config carries {@code labels} and nothing else describes: as a BioContainers image is pushed. */
  static Image pushLabelledImage(OciClient client, String repository, String tag, Map<String, String> labels) {
    return push(client, repository, tag, labels, null);
  }

  private static Image push(OciClient client, String repository, String tag, Map<String, String> labels,
      Map<String, String> annotations) {
    byte[] layer = randomBytes(700);
    ObjectNode config = OciJson.MAPPER.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
    labels.forEach(config.putObject("config").putObject("Labels")::put);
    byte[] configBytes = OciJson.bytes(config);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, configBytes);
    byte[] manifest = manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_CONFIG, configBytes),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)), null, null, annotations);
    Digest digest = client.pushManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST);
    return new Image(digest, manifest.length);
  }

  /** A SLSA v1 provenance statement about {@code image}, as a CI system attaches it: an in-toto referrer. */
  static Digest pushAttestation(OciClient client, String repository, Image image) {
    ObjectNode predicate = OciJson.MAPPER.createObjectNode();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", "https://actions.github.io/buildtypes/workflow/v1");
    definition.putObject("externalParameters").putObject("workflow").put("ref", "refs/tags/v2.1.0")
        .put("repository", "https://github.com/octo/analysis").put("path", ".github/workflows/build.yml");
    var dependencies = definition.putArray("resolvedDependencies");
    dependencies.addObject().put("uri", "git+https://github.com/octo/analysis@refs/tags/v2.1.0")
        .putObject("digest").put("gitCommit", COMMIT);
    dependencies.addObject().put("uri", "pkg:docker/debian@bookworm?platform=linux%2Famd64")
        .putObject("digest").put("sha256", BASE.hex());
    predicate.putObject("runDetails").putObject("builder").put("id", "https://github.com/actions/runner");
    InTotoStatement statement = new InTotoStatement(InTotoStatement.TYPE_V1,
        List.of(new StatementSubject(repository, Map.of("sha256", image.digest().hex()))),
        "https://slsa.dev/provenance/v1", predicate);
    ReferrerArtifact artifact = ReferrerArtifact.of(statement, image.descriptor(), "2026-03-01T10:05:00Z");
    client.pushBlob(repository, MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8));
    client.pushBlob(repository, artifact.statement());
    return client.pushManifest(repository, artifact.manifestDigest().toString(), artifact.manifest(),
        MediaTypes.OCI_MANIFEST);
  }

  /** A SIF of {@code image}, stored as the converter stores one: through the writer port, as arca-converter. */
  static Digest pushSif(RegistryWriter writer, String repository, Image image) throws IOException {
    return pushSifAs(writer, repository, image, Actors.CONVERTER);
  }

  static Digest pushSifAs(RegistryWriter writer, String repository, Image image, String actor) throws IOException {
    RepositoryName name = RepositoryName.parse(repository);
    byte[] sif = ("SIF_MAGIC " + actor + image.digest()).repeat(50).getBytes(StandardCharsets.UTF_8);
    byte[] config = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    writer.pushBlob(name, Digest.sha256(sif), new ByteArrayInputStream(sif));
    writer.pushBlob(name, Digest.sha256(config), new ByteArrayInputStream(config));
    Descriptor layer = new Descriptor(MediaTypes.SIF_LAYER, Digest.sha256(sif), sif.length, null,
        annotations("org.opencontainers.image.title", "analysis.sif"), null, null);
    byte[] manifest = manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.SIF_CONFIG, Digest.sha256(config),
        config.length), List.of(layer), image.descriptor(), null, annotations(
            "org.opencontainers.image.created", "2026-03-01T11:00:00Z", AnnotationKeys.CONVERTER_VERSION, "0.4.2"));
    return writer.pushManifest(name, null, manifest, MediaTypes.OCI_MANIFEST, actor);
  }

  static JsonNode json(OciClient.Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(response.toString(), e);
    }
  }

  static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
