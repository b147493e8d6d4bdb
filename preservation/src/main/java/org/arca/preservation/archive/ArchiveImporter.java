package org.arca.preservation.archive;

import gov.loc.repository.bagit.domain.Bag;
import gov.loc.repository.bagit.domain.Manifest;
import gov.loc.repository.bagit.hash.StandardSupportedAlgorithms;
import gov.loc.repository.bagit.reader.BagReader;
import gov.loc.repository.bagit.verify.BagVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;

/**
 * Imports a bag written by {@link ArchiveExporter}. The bag is first verified with the BagIt library (complete: every
 * file listed and present, Payload-Oxum right; valid: every checksum right), then every OCI blob's file name is
 * checked against the bag's own sha256 of it, so a bag re-checksummed after tampering with a blob is caught too. Only
 * then is anything handed to the {@link ImportSink}, in dependency order: blobs; manifests with an index's children
 * before the index and a subject before its referrers; tags; DOI records; provenance records.
 */
public final class ArchiveImporter {
  private final ImportSink sink;

  public ArchiveImporter(ImportSink sink) {
    this.sink = sink;
  }

  public ImportReport importBag(Path bagDir) throws IOException {
    Map<Path, String> sha256 = verify(bagDir);
    Path payload = bagDir.resolve(BagLayout.PAYLOAD);
    ExportContents contents = new ArcaExportJson().read(Files.readAllBytes(payload.resolve(BagLayout.EXPORT)));

    int blobCount = 0;
    Set<String> given = new HashSet<>();
    for (ExportedManifest m : contents.manifests()) {
      for (Descriptor blob : m.blobs()) {
        if (given.add(m.repository() + "@" + blob.digest())) {
          Path file = checked(payload, sha256, blob.digest());
          try (InputStream in = Files.newInputStream(file)) {
            sink.blob(m.repository(), blob.digest(), Files.size(file), in);
          }
          blobCount++;
        }
      }
    }
    List<ExportedManifest> ordered = dependencyOrder(contents.manifests());
    for (ExportedManifest m : ordered) {
      byte[] bytes = Files.readAllBytes(checked(payload, sha256, m.digest()));
      sink.manifest(m.repository(), m.digest(), m.mediaType(), bytes);
    }
    int tags = 0;
    for (ExportedManifest m : ordered) {
      for (String tag : m.tags()) {
        sink.tag(m.repository(), tag, m.digest());
        tags++;
      }
    }
    for (DoiRecord doi : contents.dois()) {
      sink.doi(doi);
    }
    for (ProvenanceRecord record : contents.provenance()) {
      sink.provenance(record);
    }
    return new ImportReport(blobCount, ordered.size(), tags, contents.dois().size(), contents.provenance().size());
  }

  /** Verifies the bag and returns its sha256 payload manifest (absolute path to hex). */
  private static Map<Path, String> verify(Path bagDir) throws IOException {
    Bag bag;
    try {
      bag = new BagReader().read(bagDir);
    } catch (Exception e) {
      throw new ArchiveException("import " + bagDir + ": not a readable BagIt bag: " + e, e);
    }
    try (BagVerifier verifier = new BagVerifier()) {
      verifier.isValid(bag, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveException("import " + bagDir + ": verification interrupted", e);
    } catch (Exception e) {
      throw new ArchiveException("import " + bagDir + ": the bag does not verify: " + e, e);
    }
    for (Manifest manifest : bag.getPayLoadManifests()) {
      if (StandardSupportedAlgorithms.SHA256.getBagitName().equals(manifest.getAlgorithm().getBagitName())) {
        Map<Path, String> byPath = new HashMap<>();
        manifest.getFileToChecksumMap().forEach((path, hex) ->
            byPath.put(path.toAbsolutePath().normalize(), hex.toLowerCase(java.util.Locale.ROOT)));
        return byPath;
      }
    }
    throw new ArchiveException("import " + bagDir + ": the bag has no sha256 payload manifest");
  }

  /** The blob's file, after checking that the bag's verified sha256 of it is the digest it is named by. */
  private static Path checked(Path payload, Map<Path, String> sha256, Digest digest) {
    Path file = payload.resolve(BagLayout.blob(digest)).toAbsolutePath().normalize();
    String hex = sha256.get(file);
    if (hex == null) {
      throw new ArchiveException("import: blob " + digest + " is listed in arca-export.json but not in the bag");
    }
    if ("sha256".equals(digest.algorithm()) && !hex.equals(digest.hex())) {
      throw new ArchiveException("import: blob file " + BagLayout.blob(digest) + " has sha256 " + hex
          + ", not the digest it is named by");
    }
    return file;
  }

  /**
   * Orders manifests so that each comes after what it needs: the children of an index and the subject of a referrer
   * (when the subject is in the export). Ties keep the export's order, so the result is deterministic.
   */
  static List<ExportedManifest> dependencyOrder(List<ExportedManifest> manifests) {
    Map<String, ExportedManifest> byKey = new LinkedHashMap<>();
    manifests.forEach(m -> byKey.putIfAbsent(key(m.repository(), m.digest()), m));
    List<ExportedManifest> ordered = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (ExportedManifest m : byKey.values()) {
      visit(m, byKey, done, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(ExportedManifest m, Map<String, ExportedManifest> byKey, Set<String> done,
      Set<String> visiting, List<ExportedManifest> ordered) {
    String key = key(m.repository(), m.digest());
    if (done.contains(key) || !visiting.add(key)) {
      return; // done, or a cycle through subjects (impossible by content addressing) which must not hang import
    }
    List<Digest> needs = new ArrayList<>(m.children());
    if (m.subject() != null) {
      needs.add(m.subject());
    }
    for (Digest need : needs) {
      ExportedManifest dependency = byKey.get(key(m.repository(), need));
      if (dependency != null) {
        visit(dependency, byKey, done, visiting, ordered);
      }
    }
    visiting.remove(key);
    done.add(key);
    ordered.add(m);
  }

  private static String key(RepositoryName repository, Digest digest) {
    return repository + "@" + digest;
  }
}
