package org.arca.preservation.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.doi.DoiState;
import org.arca.preservation.doi.Withdrawal;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.provenance.ProvenanceJson;
import org.arca.preservation.provenance.ProvenanceRecord;

/**
 * {@code arca-export.json}: the machine-readable part of an export that an import needs beyond the OCI layout
 * (which repository each manifest belongs to, tags across repositories, DOIs with their state and DataCite
 * metadata, provenance records). Format {@value #FORMAT}, version {@value #VERSION}; a reader refuses versions it does
 * not know rather than guess.
 */
final class ArcaExportJson {
  static final String FORMAT = "arca-export";
  static final int VERSION = 1;
  private final DataCiteJson dataCite = new DataCiteJson();

  byte[] write(ExportContents c) {
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("exportedAt", c.exportedAt().toString());
    root.putObject("source").put("publisher", c.publisher()).put("baseUrl", c.baseUrl());
    ArrayNode manifests = root.putArray("manifests");
    for (ExportedManifest m : c.manifests()) {
      ObjectNode o = manifests.addObject();
      o.put("repository", m.repository().toString());
      o.put("digest", m.digest().toString());
      o.put("mediaType", m.mediaType());
      o.put("size", m.size());
      o.put("selected", m.selected());
      if (m.artifactType() != null) {
        o.put("artifactType", m.artifactType());
      }
      if (m.subject() != null) {
        o.put("subject", m.subject().toString());
      }
      m.tags().forEach(o.putArray("tags")::add);
      m.children().forEach(d -> o.withArray("children").add(d.toString()));
      m.blobs().forEach(b -> o.withArray("blobs").add(OciJson.write(b)));
      o.put("path", BagLayout.blob(m.digest()));
    }
    ArrayNode dois = root.putArray("dois");
    for (DoiRecord d : c.dois()) {
      ObjectNode o = dois.addObject();
      o.put("doi", d.doi().toString());
      o.put("kind", d.kind().name());
      o.put("repository", d.repository().toString());
      if (d.digest() != null) {
        o.put("digest", d.digest().toString());
      }
      if (d.tag() != null) {
        o.put("tag", d.tag());
      }
      o.put("state", d.state().value());
      o.put("registered", d.registered());
      o.put("provider", d.provider());
      o.put("statement", d.statement());
      o.put("created", d.created().toString());
      o.put("updated", d.updated().toString());
      o.put("datacite", BagLayout.datacite(d.doi()));
      if (d.withdrawal() != null) {
        o.putObject("withdrawal").put("reason", d.withdrawal().reason()).put("by", d.withdrawal().by())
            .put("at", d.withdrawal().at().toString());
      }
      o.set("metadata", dataCite.attributes(d.metadata()));
    }
    ArrayNode provenance = root.putArray("provenance");
    for (ProvenanceRecord r : c.provenance()) {
      provenance.add(ProvenanceJson.write(r));
    }
    try {
      return OciJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write arca-export.json", e);
    }
  }

  ExportContents read(byte[] bytes) {
    JsonNode root;
    try {
      root = OciJson.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new ArchiveException("arca-export.json is not valid JSON: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
      throw new ArchiveException("arca-export.json is format '" + root.path("format").asText() + "' version "
          + root.path("version").asText() + "; this Arca reads " + FORMAT + " version " + VERSION);
    }
    try {
      List<ExportedManifest> manifests = new ArrayList<>();
      for (JsonNode o : root.path("manifests")) {
        List<Digest> children = new ArrayList<>();
        o.path("children").forEach(c -> children.add(Digest.parse(c.asText())));
        List<Descriptor> blobs = new ArrayList<>();
        o.path("blobs").forEach(b -> blobs.add(new Descriptor(b.path("mediaType").asText(),
            Digest.parse(b.path("digest").asText()), b.path("size").asLong())));
        List<String> tags = new ArrayList<>();
        o.path("tags").forEach(t -> tags.add(t.asText()));
        manifests.add(new ExportedManifest(RepositoryName.parse(o.path("repository").asText()),
            Digest.parse(o.path("digest").asText()), o.path("mediaType").asText(), o.path("size").asLong(),
            text(o, "artifactType"), o.hasNonNull("subject") ? Digest.parse(o.get("subject").asText()) : null,
            children, blobs, tags, o.path("selected").asBoolean()));
      }
      List<DoiRecord> dois = new ArrayList<>();
      for (JsonNode o : root.path("dois")) {
        dois.add(new DoiRecord(Doi.parse(o.path("doi").asText()), DoiRecord.Kind.valueOf(o.path("kind").asText()),
            RepositoryName.parse(o.path("repository").asText()),
            o.hasNonNull("digest") ? Digest.parse(o.get("digest").asText()) : null, text(o, "tag"),
            DoiState.of(o.path("state").asText()), o.path("registered").asBoolean(), text(o, "provider"),
            text(o, "statement"), dataCite.read(o.path("metadata")), Instant.parse(o.path("created").asText()),
            Instant.parse(o.path("updated").asText()), withdrawal(o.get("withdrawal"))));
      }
      List<ProvenanceRecord> provenance = new ArrayList<>();
      for (JsonNode o : root.path("provenance")) {
        provenance.add(new ProvenanceRecord(RepositoryName.parse(o.path("repository").asText()),
            Digest.parse(o.path("subject").asText()), ProvenanceRecord.Relation.valueOf(o.path("relation").asText()),
            o.hasNonNull("source") ? Digest.parse(o.get("source").asText()) : null, text(o, "sourceName"),
            ProvenanceRecord.Origin.valueOf(o.path("origin").asText()),
            o.hasNonNull("evidence") ? Digest.parse(o.get("evidence").asText()) : null,
            Instant.parse(o.path("recordedAt").asText())));
      }
      return new ExportContents(Instant.parse(root.path("exportedAt").asText()),
          root.path("source").path("publisher").asText(null), root.path("source").path("baseUrl").asText(null),
          manifests, dois, provenance);
    } catch (RuntimeException e) {
      throw new ArchiveException("arca-export.json is malformed: " + e.getMessage(), e);
    }
  }

  private static Withdrawal withdrawal(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Withdrawal(node.path("reason").asText(), node.path("by").asText(),
        Instant.parse(node.path("at").asText()));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
