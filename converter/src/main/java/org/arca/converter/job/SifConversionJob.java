package org.arca.converter.job;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.arca.converter.ConversionSource;
import org.arca.converter.SifConverter;
import org.arca.converter.SifResult;
import org.arca.converter.layer.LayerFormatException;
import org.arca.converter.squashfs.Compression;
import org.arca.converter.squashfs.SquashfsOptions;
import org.arca.core.Actors;
import org.arca.core.AnnotationKeys;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RegistryException;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.image.EncryptedLayerException;
import org.arca.core.image.ImageConfig;
import org.arca.core.image.Manifest;
import org.arca.core.job.JobHandler;
import org.arca.core.job.PermanentJobFailure;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryWriter;
import org.arca.core.registry.StoredManifest;

/**
 * Converts one platform image to a SIF and stores it back into the image's repository as an OCI artifact whose
 * subject is the image, where {@code sif/<repository>} and the referrers API find it. Failures that retrying cannot
 * fix (unreadable layers, an architecture SIF has no code for) fail the job at once with their reason.
 */
@Singleton
@Requires(property = "arca.converter.enabled", notEquals = "false")
public class SifConversionJob implements JobHandler {
  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final RegistryWriter writer;
  private final ApplicationEventPublisher<ImageFactsChanged> events;
  private final ConverterConfiguration config;
  private final Clock clock;
  private final SifConverter converter;
  private final Path workDir;

  public SifConversionJob(RegistryCatalog catalog, BlobStore blobs, RegistryWriter writer,
      ApplicationEventPublisher<ImageFactsChanged> events, ConverterConfiguration config,
      @Value("${arca.data-dir:./data}") Path dataDir) {
    this.catalog = catalog;
    this.blobs = blobs;
    this.writer = writer;
    this.events = events;
    this.config = config;
    this.clock = Clock.systemUTC();
    this.converter = new SifConverter(SquashfsOptions.of(Compression.valueOf(config.compression().toUpperCase()))
        .withThreads(Math.max(1, config.threads())));
    // next to the blobs, so the SIF never crosses file systems on its way in
    this.workDir = dataDir.resolve("converter");
  }

  @Override
  public String kind() {
    return ConversionKey.KIND;
  }

  @Override
  public Optional<Subject> subject(String key) {
    return Optional.of(ConversionKey.parse(key).subject());
  }

  @Override
  public int concurrency() {
    return Math.max(1, config.concurrency());
  }

  @Override
  public int maxAttempts() {
    return 4;
  }

  @Override
  public String run(String key, String payload) throws Exception {
    ConversionKey image = ConversionKey.parse(key);
    StoredManifest stored = catalog.manifest(image.repository(), image.digest())
        .orElseThrow(() -> new PermanentJobFailure("the image " + key + " was deleted before it was converted"));
    Manifest manifest = stored.parse();
    if (manifest.isIndex()) {
      throw new PermanentJobFailure(key + " is an image index; its platforms' images are converted one by one");
    }
    Optional<Descriptor> existing = currentSif(image);
    if (existing.isPresent()) {
      // A retry after the artifact was stored, or a re-conversion ("again") by the same converter version, which
      // would write the same bytes: nothing left to do. The result names the SIF file, as after a conversion.
      return storedSifFile(image, existing.get()).toString();
    }
    Files.createDirectories(workDir);
    Path sif = workDir.resolve(UUID.randomUUID() + ".sif");
    try {
      String reference = (config.sourceHost().isBlank() ? "" : config.sourceHost() + "/") + image.repository();
      SifResult result = converter.convert(
          ConversionSource.of(blobs, reference, image.digest(), manifest), sif);
      try (InputStream in = Files.newInputStream(sif)) {
        writer.pushBlob(image.repository(), result.digest(), in);
      }
      writer.pushBlob(image.repository(), MediaTypes.EMPTY_JSON_DIGEST, new ByteArrayInputStream(SifArtifact.config()));
      byte[] artifact = SifArtifact.manifest(image.repository(),
          new Descriptor(stored.mediaType(), stored.digest(), stored.content().length), result.digest(),
          result.size(), created(manifest));
      writer.pushManifest(image.repository(), null, artifact, MediaTypes.OCI_MANIFEST, Actors.CONVERTER);
      events.publishEvent(new ImageFactsChanged(image.repository(), image.digest(), "sif", clock.instant()));
      return result.digest().toString();
    } catch (LayerFormatException | EncryptedLayerException | IllegalArgumentException | RegistryException e) {
      throw new PermanentJobFailure("cannot convert " + key + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(sif);
    }
  }

  /** The SIF this converter version made of the image, if it is stored already. */
  Optional<Descriptor> currentSif(ConversionKey image) {
    List<Descriptor> sifs = catalog.referrers(image.repository(), image.digest(), MediaTypes.SIF_CONFIG);
    return sifs.stream()
        .filter(d -> SifConverter.VERSION.equals(d.annotations().get(AnnotationKeys.CONVERTER_VERSION)))
        .reduce((first, second) -> second);
  }

  /** The digest of the SIF file in a stored artifact: what a download of it hashes to. */
  private Digest storedSifFile(ConversionKey image, Descriptor artifact) throws PermanentJobFailure {
    Manifest manifest = catalog.manifest(image.repository(), artifact.digest())
        .orElseThrow(() -> new PermanentJobFailure("the SIF artifact " + artifact.digest() + " of " + image
            + " was deleted while its conversion was checked"))
        .parse();
    return SifArtifact.sifFile(manifest).map(Descriptor::digest)
        .orElseThrow(() -> new PermanentJobFailure("the SIF artifact " + artifact.digest() + " of " + image
            + " has no " + MediaTypes.SIF_LAYER + " layer"));
  }

  private String created(Manifest manifest) throws IOException {
    try (InputStream in = blobs.open(manifest.config().digest())) {
      return ImageConfig.parse(in.readNBytes((int) Math.min(ConversionSource.MAX_CONFIG_SIZE,
          manifest.config().size()))).created();
    }
  }
}
