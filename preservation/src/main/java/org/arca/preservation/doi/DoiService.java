package org.arca.preservation.doi;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;
import org.arca.preservation.metadata.DraftMetadataBuilder;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.MetadataOverrides;

/**
 * Mints and curates DOIs: a version DOI per image (digest) and one concept DOI per repository that lists the
 * published versions ({@code HasVersion}) while each version points back ({@code IsVersionOf}). A new DOI is a draft
 * until a curator approves it, or is published at once when {@code arca.preservation.doi.auto-approve} is true.
 * Minting is idempotent: the same image always gets the same DOI.
 */
public final class DoiService {
  private final DoiProvider provider;
  private final DoiRecordStore store;
  private final DraftMetadataBuilder builder;
  private final boolean autoApprove;
  private final Clock clock;

  public DoiService(DoiProvider provider, DoiRecordStore store, DraftMetadataBuilder builder, boolean autoApprove,
      Clock clock) {
    this.provider = provider;
    this.store = store;
    this.builder = builder;
    this.autoApprove = autoApprove;
    this.clock = clock;
  }

  public Optional<DoiRecord> find(Doi doi) {
    return store.find(doi);
  }

  /** Mints the version DOI of an image (or returns the one it has), creating the repository's concept DOI first. */
  public DoiRecord mint(ImageFacts facts, MetadataOverrides overrides) {
    Optional<DoiRecord> existing = store.forImage(facts.repository(), facts.digest());
    if (existing.isPresent()) {
      return existing.get();
    }
    Doi concept = conceptDoi(facts.repository());
    Doi doi = freeName(facts.repository(), facts.digest());
    DoiMetadata metadata = builder.forDoi(builder.draft(facts, overrides.withConceptDoi(concept)), doi);
    DoiStatus status = provider.createDraft(metadata);
    var now = clock.instant();
    DoiRecord record = new DoiRecord(doi, DoiRecord.Kind.VERSION, facts.repository(), facts.digest(), facts.tag(),
        status.state(), status.registered(), status.provider(), status.statement(), metadata, now, now);
    store.save(record);
    if (store.concept(facts.repository()).isEmpty()) {
      DoiMetadata conceptMetadata = builder.forDoi(builder.concept(facts.repository(), metadata, List.of()), concept);
      DoiStatus conceptStatus = provider.createDraft(conceptMetadata);
      store.save(new DoiRecord(concept, DoiRecord.Kind.CONCEPT, facts.repository(), null, null, conceptStatus.state(),
          conceptStatus.registered(), conceptStatus.provider(), conceptStatus.statement(), conceptMetadata, now, now));
    }
    return autoApprove ? approve(doi) : record;
  }

  /** Publishes a version DOI (findable) and refreshes the concept DOI's list of versions. */
  public DoiRecord approve(Doi doi) {
    DoiRecord record = require(doi);
    if (record.isWithdrawn()) {
      throw new IllegalStateException("approve " + doi + ": it was withdrawn (" + record.withdrawal().reason()
          + ") and stays withdrawn");
    }
    DoiRecord approved = record.with(provider.publish(record.metadata()), record.metadata(), clock.instant());
    store.save(approved);
    if (approved.kind() == DoiRecord.Kind.VERSION) {
      refreshConcept(approved.repository(), approved.metadata());
    }
    return approved;
  }

  /**
   * Withdraws a DOI from search (registered) for {@code reason}, given by the curator {@code by}; it keeps resolving to
   * its landing page, which becomes a tombstone showing the reason. Only a version DOI can be withdrawn: it names the
   * content to hide.
   */
  public DoiRecord withdraw(Doi doi, String reason, String by) {
    DoiRecord record = require(doi);
    if (record.state() == DoiState.DRAFT) {
      throw new IllegalStateException("withdraw " + doi + ": a draft is not public; there is nothing to withdraw");
    }
    if (record.kind() != DoiRecord.Kind.VERSION) {
      throw new IllegalStateException("withdraw " + doi + ": a concept DOI names no content; withdraw its versions");
    }
    if (record.isWithdrawn()) {
      return record;
    }
    Withdrawal why = new Withdrawal(reason, by, clock.instant());
    DoiRecord hidden = record.with(provider.hide(doi), record.metadata(), why.at()).withdrawn(why);
    store.save(hidden);
    return hidden;
  }

  /** Re-drafts a version DOI's metadata from the image and new overrides, and sends it to the provider. */
  public DoiRecord updateMetadata(Doi doi, ImageFacts facts, MetadataOverrides overrides) {
    DoiRecord record = require(doi);
    if (record.kind() != DoiRecord.Kind.VERSION || !facts.digest().equals(record.digest())) {
      throw new IllegalArgumentException("update " + doi + ": it names " + record.digest() + ", not "
          + facts.digest());
    }
    Doi concept = store.concept(record.repository()).map(DoiRecord::doi).orElse(null);
    DoiMetadata metadata = builder.forDoi(builder.draft(facts, overrides.withConceptDoi(concept)), doi);
    DoiRecord updated = record.with(provider.update(metadata, record.state()), metadata, clock.instant());
    store.save(updated);
    return updated;
  }

  private void refreshConcept(RepositoryName repository, DoiMetadata latest) {
    DoiRecord concept = store.concept(repository).orElse(null);
    if (concept == null) {
      return;
    }
    List<Doi> published = store.versions(repository).stream().filter(v -> v.state() != DoiState.DRAFT)
        .map(DoiRecord::doi).toList();
    DoiMetadata metadata = builder.forDoi(builder.concept(repository, latest, published), concept.doi());
    DoiStatus status = concept.state() == DoiState.DRAFT ? provider.publish(metadata)
        : provider.update(metadata, concept.state());
    store.save(concept.with(status, metadata, clock.instant()));
  }

  private Doi conceptDoi(RepositoryName repository) {
    Optional<DoiRecord> concept = store.concept(repository);
    if (concept.isPresent()) {
      return concept.get().doi();
    }
    for (int attempt = 0; ; attempt++) {
      Doi candidate = new Doi(provider.prefix(), DoiSuffixes.forConcept(repository, attempt));
      if (store.find(candidate).isEmpty()) {
        return candidate;
      }
    }
  }

  private Doi freeName(RepositoryName repository, Digest digest) {
    for (int attempt = 0; ; attempt++) {
      Doi candidate = new Doi(provider.prefix(), DoiSuffixes.forImage(repository, digest, attempt));
      if (store.find(candidate).isEmpty()) {
        return candidate;
      }
    }
  }

  private DoiRecord require(Doi doi) {
    return store.find(doi).orElseThrow(() -> new IllegalArgumentException("no DOI " + doi + " was minted here"));
  }
}
