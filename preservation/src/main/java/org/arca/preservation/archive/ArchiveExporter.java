package org.arca.preservation.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.loc.repository.bagit.creator.BagCreator;
import gov.loc.repository.bagit.domain.Metadata;
import gov.loc.repository.bagit.hash.StandardSupportedAlgorithms;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.FixityHistory;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.preservation.datacite.DataCiteXml;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiRecordStore;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.ImageFactsReader;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.provenance.ProvenanceRecord;
import org.arca.preservation.provenance.ProvenanceStore;

/**
 * Exports images as a BagIt bag (RFC 8493, sha256 and sha512 payload manifests) whose payload is an OCI image layout
 * holding each selected image, everything it references, and all its referrers recursively (SIFs, provenance
 * statements, signatures, recipes), plus one DataCite XML file per DOI, {@code ro-crate-metadata.json} and
 * {@code arca-export.json}. Blobs stream from the {@link BlobStore} into the bag and are checked against their
 * digests on the way, so an export is also a fixity check: content that does not match its digest fails the export.
 *
 * <p>{@code bag-info.txt} carries Source-Organization, Bagging-Date, Payload-Oxum, one External-Identifier per DOI
 * and an External-Description.
 */
public final class ArchiveExporter {
  private final RegistryCatalog catalog;
  private final BlobStore blobs;
  private final DoiRecordStore dois;
  private final ProvenanceStore provenance;
  private final DraftMetadataBuilder builder;
  private final ImageFactsReader facts;
  private final String organization;
  private final Clock clock;
  private final FixityHistory fixity;

  public ArchiveExporter(RegistryCatalog catalog, BlobStore blobs, DoiRecordStore dois, ProvenanceStore provenance,
      DraftMetadataBuilder builder, String organization, Clock clock) {
    this(catalog, blobs, dois, provenance, builder, organization, clock, FixityHistory.NONE);
  }

  /** With {@code fixity}, each bag carries the fixity events of the blobs it holds ({@code fixity-events.json}). */
  public ArchiveExporter(RegistryCatalog catalog, BlobStore blobs, DoiRecordStore dois, ProvenanceStore provenance,
      DraftMetadataBuilder builder, String organization, Clock clock, FixityHistory fixity) {
    this.fixity = fixity;
    this.catalog = catalog;
    this.blobs = blobs;
    this.dois = dois;
    this.provenance = provenance;
    this.builder = builder;
    this.facts = new ImageFactsReader(catalog, blobs);
    this.organization = organization;
    this.clock = clock;
  }

  /** Writes the bag into {@code bag}, which must not exist or be an empty directory. */
  public ExportReport export(List<ImageSelection> selections, Path bag) throws IOException {
    if (selections.isEmpty()) {
      throw new IllegalArgumentException("export: no images selected");
    }
    if (Files.exists(bag)) {
      boolean empty;
      try (var entries = Files.list(bag)) {
        empty = entries.findAny().isEmpty();
      } catch (java.nio.file.NotDirectoryException e) {
        empty = false;
      }
      if (!empty) {
        throw new ArchiveException("export to " + bag + ": the target exists and is not an empty directory");
      }
    }
    Files.createDirectories(bag);
    Instant now = clock.instant();

    Map<String, ExportedManifest> manifests = new LinkedHashMap<>();
    List<ExportedManifest> selected = new ArrayList<>();
    Set<Digest> written = new HashSet<>();
    List<Descriptor> blobFiles = new ArrayList<>();
    for (ImageSelection selection : selections) {
      StoredManifest root = catalog.manifest(selection.repository(), selection.reference()).orElseThrow(() ->
          new RegistryException(OciError.MANIFEST_UNKNOWN, "export " + selection.repository() + ":"
              + selection.reference() + ": no such manifest"));
      collect(selection.repository(), root.digest(), true, manifests, bag, written, blobFiles);
      selected.add(manifests.get(key(selection.repository(), root.digest())));
    }

    List<DoiRecord> doiRecords = new ArrayList<>();
    List<RoCrateWriter.DescribedImage> described = new ArrayList<>();
    Set<RepositoryName> repositories = new java.util.LinkedHashSet<>();
    for (ExportedManifest image : selected.stream().distinct().toList()) {
      Optional<DoiRecord> doi = dois.forImage(image.repository(), image.digest());
      doi.ifPresent(doiRecords::add);
      repositories.add(image.repository());
      DoiMetadata metadata = doi.map(DoiRecord::metadata)
          .orElseGet(() -> draft(image));
      described.add(new RoCrateWriter.DescribedImage(image, metadata, doi.orElse(null)));
    }
    // a DOI of anything the export reached (a SIF or another referrer of a selected image) travels with it too
    for (ExportedManifest m : manifests.values()) {
      if (!m.selected()) {
        dois.forImage(m.repository(), m.digest()).filter(d -> !doiRecords.contains(d)).ifPresent(doiRecords::add);
      }
    }
    for (RepositoryName repository : repositories) {
      dois.concept(repository).ifPresent(doiRecords::add);
    }
    List<ProvenanceRecord> records = new ArrayList<>();
    for (ExportedManifest m : manifests.values()) {
      records.addAll(provenance.sourcesOf(m.digest()).stream()
          .filter(r -> r.repository().equals(m.repository())).toList());
    }

    List<String> otherFiles = new ArrayList<>(List.of(BagLayout.OCI_LAYOUT, BagLayout.INDEX, BagLayout.EXPORT));
    write(bag.resolve(BagLayout.OCI_LAYOUT), BagLayout.LAYOUT_VERSION.getBytes(StandardCharsets.UTF_8));
    write(bag.resolve(BagLayout.INDEX), index(manifests.values()));
    DataCiteXml xml = new DataCiteXml();
    for (DoiRecord record : doiRecords) {
      String path = BagLayout.datacite(record.doi());
      write(bag.resolve(path), xml.write(record.metadata()));
      otherFiles.add(path);
    }
    write(bag.resolve(BagLayout.FIXITY_EVENTS), fixityEvents(blobFiles));
    otherFiles.add(BagLayout.FIXITY_EVENTS);
    ExportContents contents = new ExportContents(now, organization,
        builder.urls().base(), List.copyOf(manifests.values()), doiRecords, records);
    write(bag.resolve(BagLayout.EXPORT), new ArcaExportJson().write(contents));
    write(bag.resolve(BagLayout.RO_CRATE),
        new RoCrateWriter().write(contents, described, blobFiles, otherFiles, organization));

    Metadata info = new Metadata();
    info.add("Source-Organization", organization);
    // Bagging-Date and Payload-Oxum are added by BagCreator itself, from the day the bag is made
    info.add("External-Description", "Container images from " + builder.urls().base() + " as an OCI image layout"
        + " with DataCite records, RO-Crate metadata and arca-export.json: " + String.join(", ",
        selected.stream().map(m -> m.repository() + "@" + m.digest()).distinct().toList()));
    for (DoiRecord record : doiRecords) {
      info.add("External-Identifier", record.doi().url());
    }
    info.add("Bag-Group-Identifier", "arca-export-" + now.getEpochSecond());
    try {
      BagCreator.bagInPlace(bag, List.of(StandardSupportedAlgorithms.SHA256, StandardSupportedAlgorithms.SHA512),
          false, info);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256 or SHA-512", e);
    }
    long bytes = blobFiles.stream().mapToLong(Descriptor::size).sum();
    return new ExportReport(bag, (int) selected.stream().distinct().count(), manifests.size(), blobFiles.size(),
        bytes, doiRecords.stream().map(DoiRecord::doi).toList());
  }

  /**
   * The fixity events of the exported blobs, one object each in PREMIS's terms: the event type ({@code fixity check},
   * or {@code replication} for a repair from another copy), its date, outcome and detail, the agent, and the object.
   */
  private byte[] fixityEvents(List<Descriptor> blobFiles) throws IOException {
    ArrayNode events = OciJson.MAPPER.createArrayNode();
    for (Descriptor blob : blobFiles) {
      for (FixityHistory.Event event : fixity.events(blob.digest())) {
        ObjectNode e = events.addObject();
        e.put("eventType", "repaired".equals(event.outcome()) ? "replication" : "fixity check");
        e.put("eventDateTime", event.at().toString());
        e.put("eventOutcome", event.outcome());
        if (event.detail() != null) {
          e.put("eventOutcomeDetail", event.detail());
        }
        e.put("linkingAgent", event.agent());
        e.put("linkingObject", blob.digest().toString());
        e.put("objectFile", BagLayout.PAYLOAD + "/" + BagLayout.blob(blob.digest()));
        e.put("copy", event.copy());
      }
    }
    return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(events);
  }

  private DoiMetadata draft(ExportedManifest image) {
    try {
      return builder.draft(facts.read(image.repository(), image.digest()), MetadataOverrides.NONE);
    } catch (IOException e) {
      throw new ArchiveException("describe " + image.repository() + "@" + image.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Visits a manifest, its children, blobs and referrers (breadth first), writing every blob once. */
  private void collect(RepositoryName repository, Digest start, boolean selected, Map<String, ExportedManifest> out,
      Path bag, Set<Digest> written, List<Descriptor> blobFiles) throws IOException {
    Deque<Digest> queue = new ArrayDeque<>();
    queue.add(start);
    boolean first = true;
    while (!queue.isEmpty()) {
      Digest digest = queue.poll();
      boolean isSelected = first && selected;
      first = false;
      String key = key(repository, digest);
      if (out.containsKey(key)) {
        if (isSelected && !out.get(key).selected()) {
          ExportedManifest m = out.get(key);
          out.put(key, new ExportedManifest(m.repository(), m.digest(), m.mediaType(), m.size(), m.artifactType(),
              m.subject(), m.children(), m.blobs(), m.tags(), true));
        }
        continue;
      }
      StoredManifest stored = catalog.manifest(repository, digest).orElseThrow(() -> new ArchiveException(
          "export " + repository + "@" + digest + ": the manifest is referenced but not stored"));
      if (!Digest.sha256(stored.content()).equals(digest)) {
        throw new ArchiveException("export " + repository + "@" + digest + ": stored manifest bytes do not match"
            + " their digest (fixity failure)");
      }
      Manifest manifest = stored.parse();
      List<Descriptor> blobList = new ArrayList<>();
      for (Descriptor blob : manifest.isIndex() ? List.<Descriptor>of() : manifest.references()) {
        OptionalLong size = blobs.size(blob.digest());
        if (size.isEmpty() && MediaTypes.isNonDistributable(blob.mediaType())) {
          continue; // the spec lets a registry hold a manifest without its non-distributable layers
        }
        if (written.add(blob.digest())) {
          copyBlob(blob, bag);
          blobFiles.add(new Descriptor(blob.mediaType(), blob.digest(), blob.size()));
        }
        blobList.add(new Descriptor(blob.mediaType(), blob.digest(), blob.size()));
      }
      if (written.add(digest)) {
        write(bag.resolve(BagLayout.blob(digest)), stored.content());
        blobFiles.add(new Descriptor(stored.mediaType(), digest, stored.content().length));
      }
      List<Digest> children = manifest.isIndex() ? manifest.manifests().stream().map(Descriptor::digest).toList()
          : List.of();
      List<String> tags = catalog.tagsOf(repository, digest).stream().sorted().toList();
      out.put(key, new ExportedManifest(repository, digest, stored.mediaType(), stored.content().length,
          manifest.artifactType(), manifest.subject() == null ? null : manifest.subject().digest(), children,
          blobList, tags, isSelected));
      queue.addAll(children);
      catalog.referrers(repository, digest, null).stream().map(Descriptor::digest)
          .sorted(Comparator.comparing(Digest::toString)).forEach(queue::add);
    }
  }

  /** Streams a blob into the bag, checking size and digest as it goes; a mismatch is a fixity failure. */
  private void copyBlob(Descriptor blob, Path bag) throws IOException {
    Path target = bag.resolve(BagLayout.blob(blob.digest()));
    Files.createDirectories(target.getParent());
    MessageDigest hasher = blob.digest().newHasher();
    long copied;
    try (InputStream in = new DigestInputStream(blobs.open(blob.digest()), hasher);
        OutputStream out = Files.newOutputStream(target)) {
      copied = in.transferTo(out);
    }
    Digest actual = Digest.of(hasher.digest(), blob.digest().algorithm());
    if (!actual.equals(blob.digest()) || copied != blob.size()) {
      Files.deleteIfExists(target);
      throw new ArchiveException("export blob " + blob.digest() + ": stored content has digest " + actual + " and "
          + copied + " bytes, expected " + blob.size() + " bytes (fixity failure)");
    }
  }

  /**
   * The layout's {@code index.json}: one entry per tag ({@code <repository>:<tag>} in the ref.name annotation) and
   * one per untagged selected image or referrer, each annotated with its repository, so tools that read only the
   * layout still find everything.
   */
  private static byte[] index(java.util.Collection<ExportedManifest> manifests) {
    Set<Digest> children = new HashSet<>();
    manifests.forEach(m -> children.addAll(m.children()));
    ObjectNode index = OciJson.MAPPER.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode entries = index.putArray("manifests");
    for (ExportedManifest m : manifests) {
      Descriptor d = new Descriptor(m.mediaType(), m.digest(), m.size(), m.artifactType(), null, null, null);
      for (String tag : m.tags()) {
        entries.add(OciJson.write(d.withAnnotations(Map.of(BagLayout.REF_NAME, m.repository() + ":" + tag,
            BagLayout.REPOSITORY, m.repository().toString()))));
      }
      if (m.tags().isEmpty() && (m.selected() || !children.contains(m.digest()))) {
        entries.add(OciJson.write(d.withAnnotations(Map.of(BagLayout.REPOSITORY, m.repository().toString()))));
      }
    }
    return OciJson.bytes(index);
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static String key(RepositoryName repository, Digest digest) {
    return repository + "@" + digest;
  }
}
