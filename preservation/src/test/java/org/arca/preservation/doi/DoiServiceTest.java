package org.arca.preservation.doi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.ImageFacts;
import org.arca.preservation.metadata.MetadataOverrides;
import org.arca.preservation.metadata.RelationType;
import org.junit.jupiter.api.Test;

class DoiServiceTest {
  private final InMemoryDoiRecordStore store = new InMemoryDoiRecordStore();

  private DoiService service(boolean autoApprove) {
    return new DoiService(new LocalDoiProvider("10.5072"), store, SampleRecords.builder(), autoApprove,
        Clock.fixed(SampleRecords.PUSHED, ZoneOffset.UTC));
  }

  @Test
  void mint_createsVersionDraftPointingAtNewConceptDraft() {
    DoiRecord version = service(false).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertEquals(DoiState.DRAFT, version.state());
    assertEquals(DoiRecord.Kind.VERSION, version.kind());
    assertEquals(SampleRecords.DIGEST, version.digest());
    assertEquals("10.5072", version.doi().prefix());
    assertTrue(DoiSuffixes.isValid(version.doi().suffix()));
    assertEquals(version.doi(), version.metadata().doi());
    DoiRecord concept = store.concept(version.repository()).orElseThrow();
    assertEquals(DoiState.DRAFT, concept.state());
    assertEquals(concept.doi().toString(),
        version.metadata().related(RelationType.IS_VERSION_OF).get(0).identifier());
  }

  @Test
  void localMint_saysPlainlyItIsNotRegistered() {
    DoiRecord version = service(false).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertFalse(version.registered());
    assertEquals("local", version.provider());
    assertTrue(version.statement().contains("not registered"), version.statement());
    assertTrue(version.statement().contains("does not resolve"), version.statement());
  }

  @Test
  void mintTwice_returnsTheSameDoi() {
    DoiService service = service(false);
    DoiRecord first = service.mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    DoiRecord again = service.mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertEquals(first, again);
    assertEquals(2, store.all().size());
  }

  @Test
  void approve_publishesVersionAndConceptListsIt() {
    DoiService service = service(false);
    DoiRecord version = service.mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    DoiRecord approved = service.approve(version.doi());
    assertEquals(DoiState.FINDABLE, approved.state());
    DoiRecord concept = store.concept(version.repository()).orElseThrow();
    assertEquals(DoiState.FINDABLE, concept.state());
    assertEquals(version.doi().toString(), concept.metadata().related(RelationType.HAS_VERSION).get(0).identifier());
  }

  @Test
  void autoApprove_publishesAtOnce() {
    DoiRecord version = service(true).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertEquals(DoiState.FINDABLE, version.state());
  }

  @Test
  void withdraw_findableBecomesRegisteredWithReason_draftIsRefused() {
    DoiService service = service(false);
    DoiRecord version = service.mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertThrows(IllegalStateException.class, () -> service.withdraw(version.doi(), "licence dispute", "carol"));
    service.approve(version.doi());
    DoiRecord withdrawn = service.withdraw(version.doi(), "licence dispute", "carol");
    assertEquals(DoiState.REGISTERED, withdrawn.state());
    assertEquals("licence dispute", withdrawn.withdrawal().reason());
    assertEquals("carol", store.find(version.doi()).orElseThrow().withdrawal().by());
    assertThrows(IllegalStateException.class, () -> service.approve(version.doi()));
  }

  @Test
  void mint_pointsTheRecordAtTheDoiLandingPage() {
    DoiRecord version = service(false).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertEquals(SampleRecords.BASE_URL + "/doi/" + version.doi().prefix() + "/" + version.doi().suffix(),
        version.metadata().url());
  }

  @Test
  void suffixCollisionWithAnotherImage_getsLongerSuffix() {
    DoiService service = service(false);
    ImageFacts facts = SampleRecords.labelledFacts();
    Doi taken = new Doi("10.5072", DoiSuffixes.forImage(facts.repository(), facts.digest(), 0));
    DoiRecord other = service.mint(new ImageFacts(facts.repository(), "old", SampleRecords.BASE_DIGEST,
        facts.mediaType(), 1, SampleRecords.PUSHED, "x", null, null, null, null, null, null), MetadataOverrides.NONE);
    // pretend the other image had been given the name this image would get first
    store.save(new DoiRecord(taken, other.kind(), other.repository(), other.digest(), other.tag(), other.state(),
        other.registered(), other.provider(), other.statement(), other.metadata().withDoi(taken), other.created(),
        other.updated()));
    DoiRecord version = service.mint(facts, MetadataOverrides.NONE);
    assertNotEquals(taken, version.doi());
    assertEquals(DoiSuffixes.forImage(facts.repository(), facts.digest(), 1), version.doi().suffix());
  }

  @Test
  void updateMetadata_appliesOverridesAndKeepsState() {
    DoiService service = service(false);
    DoiRecord version = service.mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    service.approve(version.doi());
    DoiRecord updated = service.updateMetadata(version.doi(), SampleRecords.labelledFacts(),
        new MetadataOverrides("Samtools for the 2026 study", null, null, null, null, null, null, null,
            java.util.List.of(SampleRecords.PAPER), null, null, null, null));
    assertEquals(DoiState.FINDABLE, updated.state());
    assertEquals("Samtools for the 2026 study", updated.metadata().title());
    assertEquals(1, updated.metadata().related(RelationType.IS_SUPPLEMENT_TO).size());
    assertSame(updated.metadata(), store.find(version.doi()).orElseThrow().metadata());
  }
}
