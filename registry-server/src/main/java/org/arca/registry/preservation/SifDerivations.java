package org.arca.registry.preservation;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.arca.core.Actors;
import org.arca.core.AnnotationKeys;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.image.Manifest;
import org.arca.core.job.JobHandler;
import org.arca.core.job.JobQueue;
import org.arca.core.job.PermanentJobFailure;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryWriter;
import org.arca.core.registry.StoredManifest;
import org.arca.preservation.attestation.DerivationStatements;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.attestation.InTotoStatement;
import org.arca.preservation.attestation.ReferrerArtifact;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.RegistryUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records each SIF that Arca's converter makes as an in-toto Statement (SLSA provenance v1, build type
 * {@value DerivationStatements#SIF_CONVERSION}) stored as a referrer of the SIF's manifest: from which image digest,
 * by which converter version, when. Pushing the statement makes the provenance recorder add the SIF's
 * {@code CONVERTED_FROM} edge, and every export of the image carries the statement along.
 *
 * <p>The push of a SIF only enqueues a job, so the converter's push is neither slowed nor failed by this. Only SIFs
 * pushed by the converter's own actor ({@value Actors#CONVERTER}) are described: Arca does not vouch for SIFs a user
 * pushed. A statement already attached (after a retry, or carried in by an archive import) is not written twice.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class SifDerivations implements JobHandler, RegistryEventConsumer {
  public static final String KIND = "preservation-sif-derivation";
  static final String ACTOR = Actors.PRESERVATION;
  private static final String CREATED = "org.opencontainers.image.created";
  private static final Logger LOG = LoggerFactory.getLogger(SifDerivations.class);

  private final JobQueue jobs;
  private final RegistryCatalog catalog;
  private final RegistryWriter writer;
  private final ImageAttestations attestations;
  private final RegistryUrls urls;

  public SifDerivations(JobQueue jobs, RegistryCatalog catalog, RegistryWriter writer,
      ImageAttestations attestations, DraftMetadataBuilder builder) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.writer = writer;
    this.attestations = attestations;
    this.urls = builder.urls();
  }

  @Override
  public String name() {
    return "sif-derivation";
  }

  /** Enqueues the statement of a SIF the converter pushed; a job already queued or done is kept, so replays add none. */
  @Override
  public void accept(RegistryEvent event) {
    if (event instanceof ManifestPushed pushed && MediaTypes.SIF_CONFIG.equals(pushed.artifactType())
        && pushed.subject() != null && Actors.CONVERTER.equals(pushed.pusher())) {
      jobs.enqueue(KIND, pushed.repository() + "@" + pushed.digest(), null, false);
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) throws Exception {
    int at = key.lastIndexOf('@');
    RepositoryName repository = RepositoryName.parse(key.substring(0, at));
    Digest sif = Digest.parse(key.substring(at + 1));
    StoredManifest stored = catalog.manifest(repository, sif).orElseThrow(() ->
        new PermanentJobFailure("record the derivation of " + key + ": the SIF manifest is gone"));
    Manifest manifest = stored.parse();
    if (manifest.subject() == null) {
      throw new PermanentJobFailure("record the derivation of " + key + ": the SIF names no source image");
    }
    boolean recorded = attestations.attestations(repository, sif).stream()
        .anyMatch(f -> f.attestation().provenanceIfAny()
            .map(s -> DerivationStatements.SIF_CONVERSION.equals(s.buildType())).orElse(false));
    if (recorded) {
      return "already recorded";
    }
    Descriptor file = manifest.layers().stream().filter(l -> MediaTypes.SIF_LAYER.equals(l.mediaType()))
        .findFirst().orElseThrow(() -> new PermanentJobFailure("record the derivation of " + key + ": no "
            + MediaTypes.SIF_LAYER + " layer"));
    Digest source = manifest.subject().digest();
    Instant created = created(manifest, stored);
    String version = manifest.annotations().getOrDefault(AnnotationKeys.CONVERTER_VERSION, "unknown");
    String name = file.annotations().getOrDefault("org.opencontainers.image.title",
        repository.components().get(repository.components().size() - 1) + ".sif");
    InTotoStatement statement = DerivationStatements.sifConversion(new DerivationStatements.SifConversion(
        repository, source, urls.pullReference(repository, source), file.digest(), name, version,
        urls.base() + "/converter", created, created));
    ReferrerArtifact artifact = ReferrerArtifact.of(statement,
        new Descriptor(stored.mediaType(), sif, stored.content().length), created.toString());
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    writer.pushBlob(repository, MediaTypes.EMPTY_JSON_DIGEST, new ByteArrayInputStream(empty));
    writer.pushBlob(repository, artifact.statementLayer().digest(), new ByteArrayInputStream(artifact.statement()));
    return writer.pushManifest(repository, null, artifact.manifest(), ReferrerArtifact.MANIFEST_MEDIA_TYPE, ACTOR)
        .toString();
  }

  /** When the converter says it made the SIF, else when it was pushed. */
  private static Instant created(Manifest manifest, StoredManifest stored) {
    String text = manifest.annotations().get(CREATED);
    if (text != null) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // an unparsable time is no reason to leave the derivation unrecorded
      }
    }
    return stored.pushedAt();
  }
}
