package org.arca.registry.vetting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.event.ImageFactsChanged;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;
import org.arca.core.vetting.VettingRecords.Decision;
import org.arca.registry.event.RegistryEvents;
import org.arca.registry.vetting.PolicyEvaluator.Evaluation;
import org.arca.registry.vetting.VettingStore.StoredDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Curators' vetting decisions and Arca's re-evaluations of them. Every decision is evaluated against the policy of the
 * image's namespace (its first path component), stored, signed as an attestation referrer of the image, and announced
 * as an {@code ImageFactsChanged(..., "vetted", ...)} event so search and the pages refresh.
 */
@Singleton
class VettingService {
  /** Who re-evaluations are recorded as. */
  static final String ARCA = "arca";
  static final String FACT = "vetted";
  private static final Logger LOG = LoggerFactory.getLogger(VettingService.class);

  private final VettingStore store;
  private final EvidenceReader evidence;
  private final Attestations attestations;
  private final RegistryCatalog catalog;
  private final RegistryEvents events;
  private final Clock clock;

  VettingService(VettingStore store, EvidenceReader evidence, Attestations attestations, RegistryCatalog catalog,
      RegistryEvents events, Clock clock) {
    this.store = store;
    this.evidence = evidence;
    this.attestations = attestations;
    this.catalog = catalog;
    this.events = events;
    this.clock = clock;
  }

  static String namespace(RepositoryName repository) {
    return repository.components().get(0);
  }

  /** What a vetting would find now, without recording anything. */
  Evaluation evaluate(RepositoryName repository, StoredManifest image) {
    return PolicyEvaluator.evaluate(store.policyOrDefault(namespace(repository)), evidence.read(repository, image),
        clock.instant());
  }

  /**
   * Vets {@code digest}: the whole image, or with {@code base} only the layers it adds on top of that base image (a
   * building block). Refused with every unmet requirement when the policy is not met; nothing is recorded then.
   */
  StoredDecision vet(RepositoryName repository, Digest digest, Optional<BaseImage> base, String curator,
      String reason) {
    StoredManifest image = image(repository, digest);
    List<Descriptor> layers = image.parse().layers();
    List<Digest> covered = new ArrayList<>();
    if (base.isPresent()) {
      StoredManifest baseImage = catalog.manifest(base.get().repository(), base.get().digest()).orElseThrow(() ->
          new RegistryException(OciError.MANIFEST_UNKNOWN, "vet " + repository + "@" + digest + " as a block: its"
              + " base " + base.get() + " is not in the registry"));
      List<Descriptor> baseLayers = parseImage(baseImage).layers();
      if (baseLayers.size() >= layers.size() || !digests(layers.subList(0, baseLayers.size()))
          .equals(digests(baseLayers))) {
        throw new RegistryException(OciError.MANIFEST_INVALID, "vet " + repository + "@" + digest + " as a block:"
            + " its layers do not start with the " + baseLayers.size() + " layers of the base " + base.get()
            + " and add at least one").withStatus(409);
      }
      covered.addAll(digests(layers.subList(baseLayers.size(), layers.size())));
    } else {
      covered.addAll(digests(layers));
    }
    String namespace = namespace(repository);
    VettingPolicy policy = store.policyOrDefault(namespace);
    Evaluation evaluation = PolicyEvaluator.evaluate(policy, evidence.read(repository, image), clock.instant());
    if (!evaluation.met()) {
      throw new RegistryException(OciError.DENIED, "vet " + repository + "@" + digest + ": " + evaluation.unmet().size()
          + " requirement" + (evaluation.unmet().size() == 1 ? "" : "s") + " of the vetting policy of namespace "
          + namespace + " not met").withStatus(409).withDetail(Map.of("unmet", evaluation.unmet()));
    }
    return decide(repository, image, true, curator, reason == null || reason.isBlank() ? "met the policy" : reason,
        base.isPresent() ? "block" : "image", base.map(BaseImage::repository).orElse(null),
        base.map(BaseImage::digest).orElse(null), covered, policy, evaluation);
  }

  /** Revokes the vetting in force for {@code digest}, with the curator's reason. */
  StoredDecision revoke(RepositoryName repository, Digest digest, String curator, String reason) {
    StoredManifest image = image(repository, digest);
    StoredDecision current = store.currentStored(digest).filter(d -> d.decision().vetted()).orElseThrow(() ->
        new RegistryException(OciError.DENIED, "revoke the vetting of " + repository + "@" + digest
            + ": it is not vetted").withStatus(409));
    VettingPolicy policy = store.policyOrDefault(namespace(repository));
    Evaluation evaluation = PolicyEvaluator.evaluate(policy, evidence.read(repository, image), clock.instant());
    return decide(repository, image, false, curator, "revoked: " + reason, current.scope(),
        current.baseRepository(), current.base(), current.layers(), policy, evaluation);
  }

  /**
   * Evaluates a decision in force again after its evidence changed or aged. A vetted image that no longer meets its
   * policy becomes unvetted; one that Arca (not a curator) unvetted and that meets it again is vetted again. Returns
   * the new decision, or empty when nothing changed.
   */
  Optional<StoredDecision> reevaluate(StoredDecision current, String trigger) {
    if (!current.decision().vetted() && !ARCA.equals(current.decision().decidedBy())) {
      return Optional.empty(); // a curator's revocation stands until a curator vets again
    }
    Optional<StoredManifest> image = catalog.manifest(current.repository(), current.decision().manifest());
    if (image.isEmpty()) {
      return Optional.empty();
    }
    VettingPolicy policy = store.policyOrDefault(namespace(current.repository()));
    Evaluation evaluation = PolicyEvaluator.evaluate(policy, evidence.read(current.repository(), image.get()),
        clock.instant());
    if (evaluation.met() == current.decision().vetted()) {
      return Optional.empty();
    }
    String reason = "re-evaluated after " + trigger + ": " + (evaluation.met() ? "the policy is met again"
        : String.join("; ", evaluation.unmet()));
    LOG.info("vetting of {}@{} re-evaluated: {}", current.repository(), current.decision().manifest(), reason);
    return Optional.of(decide(current.repository(), image.get(), evaluation.met(), ARCA, reason, current.scope(),
        current.baseRepository(), current.base(), current.layers(), policy, evaluation));
  }

  private StoredDecision decide(RepositoryName repository, StoredManifest image, boolean vetted, String actor,
      String reason, String scope, RepositoryName baseRepository, Digest base, List<Digest> layers,
      VettingPolicy policy, Evaluation evaluation) {
    Instant now = clock.instant();
    String namespace = namespace(repository);
    ObjectNode record = OciJson.MAPPER.createObjectNode();
    record.putObject("policy").put("namespace", namespace).set("document", policy.toJson());
    ArrayNode used = record.putArray("evidence");
    evaluation.evidence().forEach(d -> used.add(d.toString()));
    ArrayNode unmet = record.putArray("unmet");
    evaluation.unmet().forEach(unmet::add);

    ObjectNode predicate = OciJson.MAPPER.createObjectNode();
    predicate.put("outcome", vetted ? "vetted" : "not-vetted");
    predicate.put("decidedBy", actor);
    predicate.put("decidedAt", now.toString());
    predicate.put("reason", reason);
    predicate.put("scope", scope);
    if (base != null) {
      predicate.putObject("base").put("repository", baseRepository.value()).put("digest", base.toString());
    }
    ArrayNode layerList = predicate.putArray("layers");
    layers.forEach(layer -> layerList.add(layer.toString()));
    predicate.setAll(record);
    Digest attestation = attestations.store(repository, image, predicate);

    StoredDecision stored = store.record(new StoredDecision(0, repository, new Decision(image.digest(), vetted,
        namespace, actor, now, reason, Optional.of(attestation)), scope, baseRepository, base, layers, record));
    events.publish(new ImageFactsChanged(repository, image.digest(), FACT, now));
    return stored;
  }

  private StoredManifest image(RepositoryName repository, Digest digest) {
    StoredManifest image = catalog.manifest(repository, digest).orElseThrow(() -> new RegistryException(
        OciError.MANIFEST_UNKNOWN, "vetting of " + repository + "@" + digest + ": no such manifest"));
    parseImage(image);
    return image;
  }

  private static Manifest parseImage(StoredManifest stored) {
    Manifest manifest = stored.parse();
    if (manifest.isIndex() || manifest.subject() != null) {
      throw new RegistryException(OciError.UNSUPPORTED, stored.repository() + "@" + stored.digest() + " is "
          + (manifest.isIndex() ? "an image index: vet each platform's image" : "an artifact attached to an image,"
          + " not an image")).withStatus(400);
    }
    return manifest;
  }

  private static List<Digest> digests(List<Descriptor> descriptors) {
    return descriptors.stream().map(Descriptor::digest).toList();
  }

  /** An image named as {@code <repository>@<digest>}: the one vetted, or the one a building block was built on. */
  record BaseImage(RepositoryName repository, Digest digest) {
    static BaseImage parse(String text) {
      int at = text == null ? -1 : text.lastIndexOf('@');
      if (at <= 0 || !RepositoryName.isValid(text.substring(0, at)) || !Digest.looksLikeDigest(text.substring(at + 1))) {
        throw new RegistryException(OciError.NAME_INVALID, "\"" + text + "\" does not name an image as"
            + " <repository>@<digest>, e.g. lab/debian@sha256:...").withStatus(400);
      }
      return new BaseImage(RepositoryName.parse(text.substring(0, at)), Digest.parse(text.substring(at + 1)));
    }

    @Override
    public String toString() {
      return repository + "@" + digest;
    }
  }
}
