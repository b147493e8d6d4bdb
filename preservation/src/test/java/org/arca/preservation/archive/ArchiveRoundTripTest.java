package org.arca.preservation.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.preservation.InMemoryRegistry;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.SharedFiles;
import org.arca.preservation.attestation.DerivationStatements;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.attestation.InTotoStatement;
import org.arca.preservation.attestation.ReferrerArtifact;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiService;
import org.arca.preservation.doi.InMemoryDoiRecordStore;
import org.arca.preservation.doi.LocalDoiProvider;
import org.arca.preservation.metadata.ImageFactsReader;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.provenance.InMemoryProvenanceStore;
import org.arca.preservation.provenance.ProvenanceRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a realistic registry (a multi-platform image with a BuildKit attestation, a SIF referrer carrying its own
 * provenance referrer, a DOI, and a second repository) into a real bag on disk, verifies it with the BagIt library
 * and imports it into a recording sink.
 */
class ArchiveRoundTripTest {
  static final RepositoryName SAMTOOLS = RepositoryName.parse("biocontainers/samtools");
  static final RepositoryName ANALYSIS = RepositoryName.parse("lab/analysis");
  static final Instant NOW = Instant.parse("2026-03-15T08:00:00Z");

  @TempDir
  Path temp;

  private final InMemoryRegistry registry = new InMemoryRegistry();
  private final InMemoryDoiRecordStore dois = new InMemoryDoiRecordStore();
  private final InMemoryProvenanceStore provenance = new InMemoryProvenanceStore();
  private Descriptor amd64;
  private Descriptor arm64;
  private Descriptor index;
  private Descriptor sif;
  private Descriptor sifStatement;
  private Descriptor analysis;
  private Descriptor layer;
  private DoiRecord doi;

  private Descriptor image(RepositoryName repository, String arch, String labels, String... tags) {
    Descriptor config = registry.blob(MediaTypes.OCI_CONFIG, "{\"architecture\":\"" + arch + "\",\"os\":\"linux\","
        + "\"config\":{\"Labels\":{" + labels + "}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}");
    Descriptor l1 = registry.blob(MediaTypes.OCI_LAYER_GZIP, ("layer one " + arch).getBytes(StandardCharsets.UTF_8));
    Descriptor l2 = registry.blob(MediaTypes.OCI_LAYER_GZIP, ("layer two " + arch).getBytes(StandardCharsets.UTF_8));
    return registry.image(repository, config, List.of(l1, l2), null, null, Map.of(), tags);
  }

  @BeforeEach
  void fillRegistry() throws IOException {
    String labels = "\"org.opencontainers.image.title\":\"Samtools\","
        + "\"org.opencontainers.image.authors\":\"Jane Doe (https://orcid.org/0000-0002-1825-0097)\","
        + "\"org.opencontainers.image.licenses\":\"MIT\","
        + "\"org.opencontainers.image.base.name\":\"docker.io/library/debian:12-slim\","
        + "\"org.opencontainers.image.base.digest\":\"" + SampleRecords.BASE_DIGEST + "\"";
    amd64 = image(SAMTOOLS, "amd64", labels);
    arm64 = image(SAMTOOLS, "arm64", labels);
    layer = Manifest.parse(registry.bytes(amd64.digest()), MediaTypes.OCI_MANIFEST).layers().get(0);
    Descriptor statement = registry.blob(InTotoStatement.MEDIA_TYPE,
        getClass().getResourceAsStream("/attestation/buildkit-slsa-v0.2.json").readAllBytes());
    Descriptor unknownConfig = registry.blob(MediaTypes.OCI_CONFIG, "{\"architecture\":\"unknown\",\"os\":\"unknown\"}");
    Descriptor attestation = registry.image(SAMTOOLS, unknownConfig, List.of(statement), null, null, Map.of());
    index = registry.index(SAMTOOLS, List.of(
        new Descriptor(amd64.mediaType(), amd64.digest(), amd64.size(), null, null, new Platform("linux", "amd64"),
            null),
        new Descriptor(arm64.mediaType(), arm64.digest(), arm64.size(), null, null, new Platform("linux", "arm64"),
            null),
        new Descriptor(attestation.mediaType(), attestation.digest(), attestation.size(), null,
            Map.of("vnd.docker.reference.type", "attestation-manifest",
                "vnd.docker.reference.digest", amd64.digest().toString()),
            new Platform("unknown", "unknown"), null)), "1.19.2", "latest");

    // a SIF converted from the amd64 image, and Arca's statement about that conversion as the SIF's referrer
    Descriptor sifFile = registry.blob("application/vnd.sylabs.sif.layer.v1.sif", new byte[] {0x23, 0x21, 0x2f});
    Descriptor sifConfig = registry.blob("application/vnd.sylabs.sif.config.v1+json", "{}");
    sif = registry.image(SAMTOOLS, sifConfig, List.of(sifFile), index, "application/vnd.sylabs.sif.config.v1+json",
        Map.of());
    ReferrerArtifact artifact = ReferrerArtifact.of(DerivationStatements.sifConversion(
        new DerivationStatements.SifConversion(SAMTOOLS, index.digest(),
            "arca.example.org/" + SAMTOOLS + "@" + index.digest(), sifFile.digest(), "samtools.sif", "0.3.1",
            "https://arca.example.org/converter", NOW, NOW)), sif, NOW.toString());
    registry.blob(MediaTypes.OCI_EMPTY, "{}");
    registry.blob(ReferrerArtifact.LAYER_MEDIA_TYPE, artifact.statement());
    sifStatement = registry.manifest(SAMTOOLS, ReferrerArtifact.MANIFEST_MEDIA_TYPE, artifact.manifest());

    analysis = image(ANALYSIS, "amd64", "", "v1");

    ImageFactsReader facts = new ImageFactsReader(registry, registry);
    doi = new DoiService(new LocalDoiProvider("10.5072"), dois, SampleRecords.builder(), true,
        Clock.fixed(NOW, ZoneOffset.UTC)).mint(facts.read(SAMTOOLS, index.digest()), new MetadataOverrides(null, null,
        null, null, null, List.of("bioinformatics"), null, null, List.of(SampleRecords.PAPER), null, null, null, null));
    ProvenanceRecorder recorder = new ProvenanceRecorder(registry, facts, new ImageAttestations(registry, registry),
        provenance, Clock.fixed(NOW, ZoneOffset.UTC));
    for (Descriptor d : List.of(amd64, arm64, index, sif, sifStatement, analysis)) {
      recorder.record(d.equals(analysis) ? ANALYSIS : SAMTOOLS, d.digest());
    }
  }

  private ArchiveExporter exporter() {
    return new ArchiveExporter(registry, registry, dois, provenance, SampleRecords.builder(),
        "Example University Library", Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private Path exportBag() throws IOException {
    Path bag = temp.resolve("bag");
    exporter().export(List.of(ImageSelection.of("biocontainers/samtools", "1.19.2"),
        ImageSelection.of("lab/analysis", "v1")), bag);
    return bag;
  }

  @Test
  void export_writesBagWithBothPayloadManifestsAndBagInfo() throws IOException {
    Path bag = temp.resolve("bag");
    ExportReport report = exporter().export(List.of(ImageSelection.of("biocontainers/samtools", "1.19.2"),
        ImageSelection.of("lab/analysis", "v1")), bag);
    assertEquals(2, report.images());
    assertEquals(7, report.manifests()); // index, 2 images, attestation, SIF, SIF statement, analysis
    assertTrue(Files.exists(bag.resolve("bagit.txt")));
    assertTrue(Files.exists(bag.resolve("manifest-sha256.txt")));
    assertTrue(Files.exists(bag.resolve("manifest-sha512.txt")));
    String info = Files.readString(bag.resolve("bag-info.txt"));
    assertTrue(info.contains("Source-Organization: Example University Library"), info);
    assertTrue(info.matches("(?s).*Bagging-Date: \\d{4}-\\d{2}-\\d{2}\n.*"), info);
    assertTrue(info.contains("Payload-Oxum: "), info);
    assertTrue(info.contains("External-Identifier: " + doi.doi().url()), info);
    assertEquals(List.of(doi.doi(), dois.concept(SAMTOOLS).orElseThrow().doi()), report.dois());
  }

  @Test
  void export_payloadIsOciImageLayoutWithRepositoryTagRefNames() throws IOException {
    Path data = exportBag().resolve("data");
    assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(data.resolve("oci-layout")));
    JsonNode layoutIndex = OciJson.MAPPER.readTree(data.resolve("index.json").toFile());
    List<String> refNames = new ArrayList<>();
    for (JsonNode entry : layoutIndex.get("manifests")) {
      JsonNode name = entry.path("annotations").path("org.opencontainers.image.ref.name");
      if (!name.isMissingNode()) {
        refNames.add(name.asText());
      }
      // every entry and everything it references is in the layout
      assertTrue(Files.exists(data.resolve("blobs/sha256/" + Digest.parse(entry.get("digest").asText()).hex())));
    }
    assertEquals(Set.of("biocontainers/samtools:1.19.2", "biocontainers/samtools:latest", "lab/analysis:v1"),
        Set.copyOf(refNames));
    for (Descriptor d : List.of(amd64, arm64, index, sif, sifStatement, analysis, layer)) {
      assertTrue(Files.exists(data.resolve("blobs/sha256/" + d.digest().hex())), d.toString());
    }
  }

  @Test
  void export_dataCiteRecordsValidateAgainstSchema() throws Exception {
    Path data = exportBag().resolve("data");
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    var schema = factory.newSchema(SharedFiles.resolve("schemas/datacite-4.6/metadata.xsd").toFile());
    List<Path> records;
    try (Stream<Path> files = Files.walk(data.resolve("datacite"))) {
      records = files.filter(Files::isRegularFile).toList();
    }
    assertEquals(2, records.size()); // the version DOI and the concept DOI
    for (Path record : records) {
      schema.newValidator().validate(new StreamSource(record.toFile()));
    }
    assertTrue(Files.exists(data.resolve("datacite/10.5072/" + doi.doi().suffix() + ".xml")));
  }

  @Test
  void export_roCrateDescribesImagesPeopleLicencesAndProvenance() throws IOException {
    JsonNode crate = OciJson.MAPPER.readTree(exportBag().resolve("data/ro-crate-metadata.json").toFile());
    assertEquals("https://w3id.org/ro/crate/1.2/context", crate.get("@context").asText());
    JsonNode descriptor = entity(crate, "ro-crate-metadata.json");
    assertEquals("https://w3id.org/ro/crate/1.2", descriptor.get("conformsTo").get("@id").asText());
    JsonNode root = entity(crate, "./");
    assertEquals("Dataset", root.get("@type").asText());
    assertNotNull(root.get("name"));
    assertNotNull(root.get("description"));
    assertNotNull(root.get("datePublished"));
    assertNotNull(root.get("license"));
    JsonNode image = entity(crate, "blobs/sha256/" + index.digest().hex());
    assertEquals("[\"File\",\"SoftwareApplication\"]", image.get("@type").toString());
    assertEquals(doi.doi().url(), image.get("identifier").get(0).asText());
    assertEquals(index.digest().toString(), image.get("identifier").get(1).asText());
    assertEquals("https://orcid.org/0000-0002-1825-0097", image.get("author").get(0).get("@id").asText());
    assertEquals("Person", entity(crate, "https://orcid.org/0000-0002-1825-0097").get("@type").asText());
    assertEquals("https://spdx.org/licenses/MIT", image.get("license").get(0).get("@id").asText());
    List<JsonNode> actions = new ArrayList<>();
    crate.get("@graph").forEach(e -> {
      if ("CreateAction".equals(e.path("@type").asText())) {
        actions.add(e);
      }
    });
    assertTrue(actions.stream().anyMatch(a -> a.get("additionalType").asText().equals("CONVERTED_FROM")
        && a.get("result").get("@id").asText().equals("blobs/sha256/" + sif.digest().hex())
        && a.get("object").get(0).get("@id").asText().equals("blobs/sha256/" + index.digest().hex())));
    // every data entity listed in hasPart exists in the payload
    Path data = temp.resolve("bag/data");
    for (JsonNode part : root.get("hasPart")) {
      assertTrue(Files.exists(data.resolve(part.get("@id").asText())), part.toString());
    }
  }

  private static JsonNode entity(JsonNode crate, String id) {
    for (JsonNode e : crate.get("@graph")) {
      if (id.equals(e.path("@id").asText())) {
        return e;
      }
    }
    throw new AssertionError("no entity " + id);
  }

  @Test
  void roundTrip_importsSameDigestsTagsDoisAndProvenanceInDependencyOrder() throws IOException {
    Path bag = exportBag();
    RecordingSink sink = new RecordingSink();
    ImportReport report = new ArchiveImporter(sink).importBag(bag);

    Set<Digest> exported = new HashSet<>();
    for (Descriptor d : List.of(amd64, arm64, index, sif, sifStatement, analysis)) {
      exported.add(d.digest());
      assertTrue(java.util.Arrays.equals(registry.bytes(d.digest()), sink.manifests.get(d.digest())), d.toString());
    }
    assertEquals(7, sink.manifests.size());
    assertTrue(sink.manifests.keySet().containsAll(exported));
    assertTrue(java.util.Arrays.equals(registry.bytes(layer.digest()), sink.blobs.get(layer.digest())));
    assertEquals(Map.of("biocontainers/samtools:1.19.2", index.digest(), "biocontainers/samtools:latest",
        index.digest(), "lab/analysis:v1", analysis.digest()), sink.tags);
    assertEquals(dois.all(), sink.dois);
    assertEquals(Set.copyOf(provenance.all()), Set.copyOf(sink.provenance));
    assertFalse(sink.provenance.isEmpty());
    assertEquals(report.manifests(), sink.manifests.size());

    // dependency order: blobs, then children before the index, subjects before referrers, then tags, DOIs, provenance
    assertTrue(sink.lastIndexOf("blob ") < sink.firstIndexOf("manifest "));
    int indexAt = sink.calls.indexOf("manifest " + SAMTOOLS + "@" + index.digest());
    assertTrue(sink.calls.indexOf("manifest " + SAMTOOLS + "@" + amd64.digest()) < indexAt);
    assertTrue(sink.calls.indexOf("manifest " + SAMTOOLS + "@" + arm64.digest()) < indexAt);
    int sifAt = sink.calls.indexOf("manifest " + SAMTOOLS + "@" + sif.digest());
    assertTrue(indexAt < sifAt);
    assertTrue(sifAt < sink.calls.indexOf("manifest " + SAMTOOLS + "@" + sifStatement.digest()));
    assertTrue(sink.lastIndexOf("manifest ") < sink.firstIndexOf("tag "));
    assertTrue(sink.lastIndexOf("tag ") < sink.firstIndexOf("doi "));
    assertTrue(sink.lastIndexOf("doi ") < sink.firstIndexOf("provenance "));
  }

  @Test
  void tamperedPayload_isDetectedAndNothingIsImported() throws IOException {
    Path bag = exportBag();
    Path blob = bag.resolve("data/blobs/sha256/" + layer.digest().hex());
    byte[] bytes = Files.readAllBytes(blob);
    bytes[0] ^= 1;
    Files.write(blob, bytes);
    RecordingSink sink = new RecordingSink();
    ArchiveException e = assertThrows(ArchiveException.class, () -> new ArchiveImporter(sink).importBag(bag));
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
    assertTrue(sink.calls.isEmpty());
  }

  @Test
  void missingPayloadFile_isDetectedAsIncomplete() throws IOException {
    Path bag = exportBag();
    Files.delete(bag.resolve("data/blobs/sha256/" + layer.digest().hex()));
    RecordingSink sink = new RecordingSink();
    assertThrows(ArchiveException.class, () -> new ArchiveImporter(sink).importBag(bag));
    assertTrue(sink.calls.isEmpty());
  }

  @Test
  void corruptBlobInRegistry_failsExportAsFixityFailure() {
    registry.corrupt(layer.digest());
    ArchiveException e = assertThrows(ArchiveException.class, () -> exportBag());
    assertTrue(e.getMessage().contains("fixity"), e.getMessage());
    assertTrue(e.getMessage().contains(layer.digest().toString()), e.getMessage());
  }

  @Test
  void nonEmptyTarget_isRefused() throws IOException {
    Path bag = temp.resolve("bag");
    Files.createDirectories(bag);
    Files.writeString(bag.resolve("something"), "x");
    assertThrows(ArchiveException.class, () -> exporter().export(List.of(ImageSelection.of("lab/analysis", "v1")),
        bag));
  }

  @Test
  void dependencyOrder_putsChildrenAndSubjectsFirstEvenWhenListedLater() {
    Digest a = Digest.sha256("a".getBytes());
    Digest b = Digest.sha256("b".getBytes());
    Digest c = Digest.sha256("c".getBytes());
    ExportedManifest referrer = new ExportedManifest(ANALYSIS, c, MediaTypes.OCI_MANIFEST, 1, null, a, List.of(),
        List.of(), List.of(), false);
    ExportedManifest idx = new ExportedManifest(ANALYSIS, a, MediaTypes.OCI_INDEX, 1, null, null, List.of(b),
        List.of(), List.of(), true);
    ExportedManifest child = new ExportedManifest(ANALYSIS, b, MediaTypes.OCI_MANIFEST, 1, null, null, List.of(),
        List.of(), List.of(), false);
    assertEquals(List.of(b, a, c), ArchiveImporter.dependencyOrder(List.of(referrer, idx, child)).stream()
        .map(ExportedManifest::digest).toList());
  }
}
