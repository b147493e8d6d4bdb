package org.arca.preservation.doi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.ZoneOffset;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.preservation.SampleRecords;
import org.arca.preservation.metadata.MetadataOverrides;
import org.junit.jupiter.api.Test;

class CitedImagesTest {

  @Test
  void imageWithDraftDoi_mayNotBeDeleted_otherImagesMay() {
    InMemoryDoiRecordStore store = new InMemoryDoiRecordStore();
    DoiRecord record = new DoiService(new LocalDoiProvider("10.5072"), store, SampleRecords.builder(), false,
        Clock.fixed(SampleRecords.PUSHED, ZoneOffset.UTC)).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    CitedImages cited = new CitedImages(store);
    RegistryException e = assertThrows(RegistryException.class,
        () -> cited.checkDeletable(record.repository(), SampleRecords.DIGEST));
    assertEquals(OciError.DENIED, e.error());
    assertTrue(e.getMessage().contains(record.doi().toString()), e.getMessage());
    cited.checkDeletable(record.repository(), SampleRecords.BASE_DIGEST);
  }

  @Test
  void onlyTheTagTheDoiWasMintedFor_isKeptInPlace() {
    InMemoryDoiRecordStore store = new InMemoryDoiRecordStore();
    DoiRecord record = new DoiService(new LocalDoiProvider("10.5072"), store, SampleRecords.builder(), false,
        Clock.fixed(SampleRecords.PUSHED, ZoneOffset.UTC)).mint(SampleRecords.labelledFacts(), MetadataOverrides.NONE);
    assertEquals("1.19.2", record.tag());
    CitedImages cited = new CitedImages(store);
    String refusal = cited.tagChangeRefusal(record.repository(), "1.19.2", SampleRecords.DIGEST, "move").orElseThrow();
    assertTrue(refusal.contains(record.doi().toString()), refusal);
    assertTrue(cited.tagChangeRefusal(record.repository(), "latest", SampleRecords.DIGEST, "delete").isEmpty());
  }
}
