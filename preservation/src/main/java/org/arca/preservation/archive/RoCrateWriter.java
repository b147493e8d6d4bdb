package org.arca.preservation.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.image.OciJson;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.metadata.Creator;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.Rights;
import org.arca.preservation.provenance.ProvenanceRecord;

/**
 * Writes {@code ro-crate-metadata.json} (RO-Crate 1.2) for an export's payload: the root data entity, every file
 * (blobs, OCI layout files, DataCite records, {@code arca-export.json}), each selected image as a {@code File} that is
 * also a {@code SoftwareApplication} (its manifest blob) with identifiers, creators, licence and version, people by
 * their ORCID iD, and each provenance record as a {@code CreateAction} whose result is the image.
 *
 * @see <a href="https://www.researchobject.org/ro-crate/specification/1.2/">RO-Crate 1.2</a>
 */
final class RoCrateWriter {
  static final String CONTEXT = "https://w3id.org/ro/crate/1.2/context";
  static final String PROFILE = "https://w3id.org/ro/crate/1.2";

  /** An image described in the crate: its manifest and the record that describes it (DOI or draft). */
  record DescribedImage(ExportedManifest manifest, DoiMetadata metadata, DoiRecord doi) {}

  private final Map<String, ObjectNode> entities = new LinkedHashMap<>();

  byte[] write(ExportContents contents, List<DescribedImage> images, List<Descriptor> blobFiles,
      List<String> otherFiles, String organization) {
    ObjectNode descriptor = entity("ro-crate-metadata.json", "CreativeWork");
    descriptor.putObject("conformsTo").put("@id", PROFILE);
    descriptor.putObject("about").put("@id", "./");

    ObjectNode root = entity("./", "Dataset");
    root.put("name", "Arca export of " + images.size() + " container image" + (images.size() == 1 ? "" : "s"));
    root.put("description", "Container images exported from " + contents.baseUrl() + " by " + organization
        + " as an OCI image layout, with their tags, referrers (SIFs, provenance, recipes), DOIs and provenance.");
    root.put("datePublished", contents.exportedAt().toString());
    ObjectNode publisher = entity("#publisher", "Organization");
    publisher.put("name", organization);
    root.putObject("publisher").put("@id", "#publisher");
    ArrayNode hasPart = root.putArray("hasPart");

    for (String file : otherFiles) {
      ObjectNode f = entity(file, "File");
      f.put("name", file);
      f.put("encodingFormat", file.endsWith(".xml") ? "application/vnd.datacite.datacite+xml" : "application/json");
      hasPart.addObject().put("@id", file);
    }
    for (Descriptor blob : blobFiles) {
      String id = BagLayout.blob(blob.digest());
      ObjectNode f = entity(id, "File");
      f.put("encodingFormat", blob.mediaType());
      f.put("contentSize", Long.toString(blob.size()));
      f.put("sha256", blob.digest().hex());
      hasPart.addObject().put("@id", id);
    }

    Set<String> licenses = new LinkedHashSet<>();
    for (DescribedImage image : images) {
      String id = BagLayout.blob(image.manifest().digest());
      ObjectNode e = entities.get(id);
      e.set("@type", OciJson.MAPPER.createArrayNode().add("File").add("SoftwareApplication"));
      DoiMetadata m = image.metadata();
      e.put("name", m.title());
      e.put("alternateName", image.manifest().repository() + image.manifest().tags().stream().findFirst()
          .map(t -> ":" + t).orElse("@" + image.manifest().digest()));
      ArrayNode identifiers = e.putArray("identifier");
      if (image.doi() != null) {
        identifiers.add(image.doi().doi().url());
      }
      identifiers.add(image.manifest().digest().toString());
      e.put("url", m.url());
      if (m.version() != null) {
        e.put("version", m.version());
      }
      m.abstractText().ifPresent(a -> e.put("description", a));
      ArrayNode authors = e.putArray("author");
      int n = 0;
      for (Creator c : m.creators()) {
        String personId = c.orcid().orElse("#creator-" + image.manifest().digest().shortHex() + "-" + (++n));
        ObjectNode person = entity(personId, c.nameType() == org.arca.preservation.metadata.NameType.ORGANIZATIONAL
            ? "Organization" : "Person");
        person.put("name", c.displayName());
        if (c.givenName() != null) {
          person.put("givenName", c.givenName());
          person.put("familyName", c.familyName());
        }
        if (!c.affiliations().isEmpty()) {
          person.put("affiliation", c.affiliations().get(0).name());
        }
        authors.addObject().put("@id", personId);
      }
      List<Rights> rights = m.licenses();
      if (!rights.isEmpty()) {
        ArrayNode license = e.putArray("license");
        for (Rights r : rights) {
          String licenseId = "https://spdx.org/licenses/" + r.rightsIdentifier();
          ObjectNode l = entity(licenseId, "CreativeWork");
          l.put("name", r.rightsIdentifier());
          l.put("identifier", r.rightsIdentifier());
          license.addObject().put("@id", licenseId);
          licenses.add(licenseId);
        }
      }
    }
    if (licenses.isEmpty()) {
      ObjectNode none = entity("#license-per-image", "CreativeWork");
      none.put("name", "Licences as stated per image");
      none.put("description", "The exported images state no licence; each remains under its rights holders' terms.");
      root.putObject("license").put("@id", "#license-per-image");
    } else {
      ArrayNode license = root.putArray("license");
      licenses.forEach(l -> license.addObject().put("@id", l));
    }

    int action = 0;
    for (ProvenanceRecord r : contents.provenance()) {
      ObjectNode a = entity("#provenance-" + (++action), "CreateAction");
      a.put("name", describe(r));
      a.putObject("result").put("@id", idOf(r.subject()));
      String sourceId = r.source() != null ? idOf(r.source()) : "#source-" + action;
      if (!entities.containsKey(sourceId)) {
        ObjectNode source = entity(sourceId, r.source() != null ? "SoftwareApplication" : "SoftwareSourceCode");
        source.put("name", r.sourceName() != null ? r.sourceName() : r.source().toString());
        if (r.source() != null) {
          source.put("identifier", r.source().toString());
        }
      }
      a.putArray("object").addObject().put("@id", sourceId);
      a.put("endTime", r.recordedAt().toString());
      if (r.evidence() != null) {
        a.putObject("instrument").put("@id", idOf(r.evidence()));
      }
      a.put("additionalType", r.relation().name());
    }

    ObjectNode crate = OciJson.MAPPER.createObjectNode();
    crate.put("@context", CONTEXT);
    ArrayNode graph = crate.putArray("@graph");
    entities.values().forEach(graph::add);
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(crate);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write RO-Crate metadata", e);
    }
  }

  private static String describe(ProvenanceRecord r) {
    String source = r.sourceName() != null ? r.sourceName() : r.source().toString();
    return switch (r.relation()) {
      case BASE_IMAGE -> "Built on base image " + source;
      case MATERIAL -> "Built using " + source;
      case CONVERTED_FROM -> "Converted to SIF from " + source;
      case COMPOSED_FROM -> "Composed from layers of " + source;
    } + " (" + r.origin().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /** The crate id of a manifest: its blob file when the export holds it, else a local id naming its digest. */
  private String idOf(Digest digest) {
    String file = BagLayout.blob(digest);
    return entities.containsKey(file) ? file : "#" + digest;
  }

  private ObjectNode entity(String id, String type) {
    return entities.computeIfAbsent(id, key -> {
      ObjectNode node = OciJson.MAPPER.createObjectNode();
      node.put("@id", key);
      node.put("@type", type);
      return node;
    });
  }
}
