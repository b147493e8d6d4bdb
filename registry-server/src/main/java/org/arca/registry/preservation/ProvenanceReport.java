package org.arca.registry.preservation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.attestation.ImageAttestations;
import org.arca.preservation.attestation.Material;
import org.arca.preservation.attestation.ProvenanceSummary;
import org.arca.preservation.attestation.Signer;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.ImageFactsReader;
import org.arca.preservation.provenance.ProvenanceGraph;
import org.arca.preservation.provenance.ProvenanceJson;

/**
 * Everything known about where an image came from, as JSON: the push (who, when, which client), its
 * {@code org.opencontainers.image.*} annotations (or labels), a summary of each attestation attached to it (in-toto
 * and SLSA statements, DSSE envelopes, Sigstore bundles, BuildKit attestation manifests, cosign signatures), and its
 * provenance graph: the ancestors it was made from and the descendants made from it.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
class ProvenanceReport {
  /** The annotations a reader needs to trace an image to its source. */
  static final List<String> KEYS = List.of(ImageFacts.SOURCE, ImageFacts.REVISION, ImageFacts.CREATED,
      ImageFacts.AUTHORS, ImageFacts.LICENSES, ImageFacts.BASE_NAME, ImageFacts.BASE_DIGEST, ImageFacts.TITLE,
      ImageFacts.VERSION);
  private final ImageFactsReader facts;
  private final ImageAttestations attestations;
  private final ProvenanceGraph graph;
  private final PushFacts pushes;
  private final org.arca.registry.fixity.FixityReports fixity;

  ProvenanceReport(ImageFactsReader facts, ImageAttestations attestations, ProvenanceGraph graph, PushFacts pushes,
      org.arca.registry.fixity.FixityReports fixity) {
    this.fixity = fixity;
    this.facts = facts;
    this.attestations = attestations;
    this.graph = graph;
    this.pushes = pushes;
  }

  ObjectNode of(RepositoryName repository, Digest digest, int depth) throws IOException {
    ImageFacts image = facts.read(repository, digest);
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    root.put("repository", repository.value());
    root.put("digest", digest.toString());
    root.put("mediaType", image.mediaType());
    if (image.artifactType() != null) {
      root.put("artifactType", image.artifactType());
    }
    if (image.subject() != null) {
      root.put("subject", image.subject().toString());
    }
    pushes.of(repository, digest).ifPresent(p -> {
      ObjectNode push = root.putObject("push");
      push.put("by", p.by());
      push.put("at", p.at().toString());
      push.put("userAgent", p.userAgent());
    });
    ObjectNode annotations = root.putObject("annotations");
    for (String key : KEYS) {
      image.property(key).ifPresent(value -> annotations.put(key, value));
    }
    ArrayNode found = root.putArray("attestations");
    for (ImageAttestations.Found f : attestations.attestations(repository, digest)) {
      ObjectNode a = found.addObject();
      a.put("subject", f.subject().toString());
      a.put("carrier", f.carrier().toString());
      a.put("predicateType", f.attestation().statement().predicateType());
      f.attestation().provenanceIfAny().ifPresent(s -> a.set("provenance", summary(s)));
      if (f.attestation().signer() != null) {
        a.set("signer", signer(f.attestation().signer()));
      }
    }
    ArrayNode signatures = root.putArray("signatures");
    for (ImageAttestations.FoundSignature s : attestations.signatures(repository, digest)) {
      ObjectNode o = signatures.addObject();
      o.put("carrier", s.carrier().toString());
      o.put("dockerReference", s.signature().dockerReference());
      o.put("manifestDigest", s.signature().manifestDigest());
      if (s.signature().signer() != null) {
        o.set("signer", signer(s.signature().signer()));
      }
    }
    ArrayNode ancestors = root.putArray("ancestors");
    graph.ancestors(digest, depth).forEach(e -> ancestors.add(edge(e)));
    ArrayNode descendants = root.putArray("descendants");
    graph.descendants(digest, depth).forEach(e -> descendants.add(edge(e)));
    // the last fixity check of each blob: that the bytes are still those pushed is part of where an image stands
    ArrayNode checks = root.putArray("fixity");
    for (org.arca.registry.fixity.FixityReports.LastCheck check : fixity.lastChecks(repository, digest)) {
      ObjectNode c = checks.addObject();
      c.put("digest", check.digest());
      c.put("quarantined", check.quarantined());
      if (check.last() != null) {
        c.put("checkedAt", check.last().checkedAt().toString());
        c.put("agent", check.last().agent());
        c.put("outcome", check.last().outcome());
      }
    }
    return root;
  }

  static ObjectNode edge(ProvenanceGraph.Edge edge) {
    ObjectNode o = ProvenanceJson.write(edge.record());
    o.put("depth", edge.depth());
    return o;
  }

  private static ObjectNode summary(ProvenanceSummary s) {
    ObjectNode o = OciJson.MAPPER.createObjectNode();
    o.put("predicateType", s.predicateType());
    o.put("builderId", s.builderId());
    o.put("buildType", s.buildType());
    o.put("sourceRepository", s.sourceRepository());
    o.put("sourceCommit", s.sourceCommit());
    o.put("entryPoint", s.entryPoint());
    o.put("invocationId", s.invocationId());
    o.put("startedOn", s.startedOn());
    o.put("finishedOn", s.finishedOn());
    ArrayNode materials = o.putArray("materials");
    for (Material m : s.materials()) {
      ObjectNode mo = materials.addObject();
      mo.put("uri", m.uri());
      if (m.name() != null) {
        mo.put("name", m.name());
      }
      ObjectNode d = mo.putObject("digest");
      for (Map.Entry<String, String> e : m.digest().entrySet()) {
        d.put(e.getKey(), e.getValue());
      }
    }
    return o;
  }

  private static ObjectNode signer(Signer s) {
    ObjectNode o = OciJson.MAPPER.createObjectNode();
    o.put("identity", s.identity());
    o.put("issuer", s.issuer());
    o.put("sourceRepository", s.sourceRepository());
    o.put("signatureVerified", s.signatureVerified());
    return o;
  }
}
