package org.arca.preservation.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.arca.core.Actors;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;

/**
 * Writes the in-toto Statements (v1, SLSA provenance v1 predicate) in which Arca records its own derivations, so
 * that a reader years later can tell how a SIF or a composed image came to be: from which exact inputs, by which
 * tool version, when. Store the bytes as a referrer of the derived artifact with {@link ReferrerArtifact}.
 */
public final class DerivationStatements {
  /** Build type of a SIF converted from an OCI image by Arca's converter. */
  public static final String SIF_CONVERSION = "urn:arca:build-type:sif-conversion:v1";
  /** Build type of an image composed from vetted layers. */
  public static final String COMPOSITION = "urn:arca:build-type:composition:v1";

  /**
   * A SIF made from an image.
   *
   * @param builderId who ran it: the registry's URL plus {@code /converter}, say
   * @param pullReference the source as {@code host/repository@digest}
   */
  public record SifConversion(RepositoryName repository, Digest source, String pullReference, Digest sif,
      String sifName, String converterVersion, String builderId, Instant startedOn, Instant finishedOn) {}

  /**
   * An image composed from layers of vetted images.
   *
   * @param layers the layers in order, each with the image it was taken from in {@code sources} (same index)
   */
  public record Composition(RepositoryName repository, Digest result, List<Descriptor> layers, List<String> sources,
      Map<String, String> parameters, String toolVersion, String builderId, Instant startedOn, Instant finishedOn) {

    public Composition {
      layers = List.copyOf(layers);
      sources = List.copyOf(sources);
      parameters = Map.copyOf(parameters);
      if (sources.size() != layers.size()) {
        throw new IllegalArgumentException("a composition names one source image per layer");
      }
    }
  }

  private DerivationStatements() {}

  public static InTotoStatement sifConversion(SifConversion c) {
    ObjectNode predicate = OciJson.MAPPER.createObjectNode();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", SIF_CONVERSION);
    definition.putObject("externalParameters").put("source", c.pullReference());
    definition.putObject("internalParameters").put("converter", Actors.CONVERTER + " " + c.converterVersion());
    ArrayNode dependencies = definition.putArray("resolvedDependencies");
    dependencies.addObject().put("uri", "oci://" + c.pullReference()).put("name", "source image")
        .putObject("digest").put("sha256", c.source().hex());
    runDetails(predicate, c.builderId(), Actors.CONVERTER, c.converterVersion(), c.startedOn(), c.finishedOn());
    return new InTotoStatement(InTotoStatement.TYPE_V1,
        List.of(new StatementSubject(c.sifName(), Map.of(c.sif().algorithm(), c.sif().hex()))),
        SlsaProvenance.V1, predicate);
  }

  public static InTotoStatement composition(Composition c) {
    ObjectNode predicate = OciJson.MAPPER.createObjectNode();
    ObjectNode definition = predicate.putObject("buildDefinition");
    definition.put("buildType", COMPOSITION);
    ObjectNode external = definition.putObject("externalParameters");
    c.parameters().forEach(external::put);
    ArrayNode layerRefs = external.putArray("layers");
    ArrayNode dependencies = definition.putArray("resolvedDependencies");
    for (int i = 0; i < c.layers().size(); i++) {
      Descriptor layer = c.layers().get(i);
      layerRefs.add(layer.digest().toString());
      dependencies.addObject().put("uri", "oci://" + c.sources().get(i)).put("name", "layer " + (i + 1))
          .put("mediaType", layer.mediaType())
          .putObject("digest").put(layer.digest().algorithm(), layer.digest().hex());
    }
    runDetails(predicate, c.builderId(), "arca-composer", c.toolVersion(), c.startedOn(), c.finishedOn());
    return new InTotoStatement(InTotoStatement.TYPE_V1,
        List.of(new StatementSubject(c.repository().toString(), Map.of(c.result().algorithm(), c.result().hex()))),
        SlsaProvenance.V1, predicate);
  }

  private static void runDetails(ObjectNode predicate, String builderId, String tool, String version,
      Instant startedOn, Instant finishedOn) {
    ObjectNode run = predicate.putObject("runDetails");
    ObjectNode builder = run.putObject("builder");
    builder.put("id", builderId);
    builder.putObject("version").put(tool, version);
    ObjectNode metadata = run.putObject("metadata");
    metadata.put("startedOn", startedOn.toString());
    metadata.put("finishedOn", finishedOn.toString());
  }
}
