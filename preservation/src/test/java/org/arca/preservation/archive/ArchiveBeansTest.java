package org.arca.preservation.archive;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.preservation.InMemoryRegistry;
import org.arca.preservation.doi.CitedImages;
import org.arca.preservation.doi.DoiRecordStore;
import org.arca.preservation.doi.DoiService;
import org.arca.preservation.doi.InMemoryDoiRecordStore;
import org.arca.preservation.provenance.InMemoryProvenanceStore;
import org.arca.preservation.provenance.ProvenanceGraph;
import org.arca.preservation.provenance.ProvenanceOnPush;
import org.arca.preservation.provenance.ProvenanceStore;
import org.junit.jupiter.api.Test;

/** Starts a context with fakes standing in for the server's beans, as the server will wire the engine. */
class ArchiveBeansTest {

  /** What the server provides: the registry ports, the two stores and an import sink. */
  @Factory
  @Requires(property = "test.server-fakes", value = "true")
  static class ServerFakes {
    private final InMemoryRegistry registry = new InMemoryRegistry();

    @Singleton
    RegistryCatalog catalog() {
      return registry;
    }

    @Singleton
    BlobStore blobs() {
      return registry;
    }

    @Singleton
    DoiRecordStore dois() {
      return new InMemoryDoiRecordStore();
    }

    @Singleton
    ProvenanceStore provenance() {
      return new InMemoryProvenanceStore();
    }

    @Singleton
    ImportSink sink() {
      return new RecordingSink();
    }
  }

  @Test
  void serverBeansPresent_wholeEngineWires() {
    try (ApplicationContext context = ApplicationContext.run(Map.of("test.server-fakes", "true"))) {
      assertTrue(context.containsBean(ArchiveExporter.class));
      assertTrue(context.containsBean(ArchiveImporter.class));
      assertTrue(context.containsBean(DoiService.class));
      assertTrue(context.containsBean(CitedImages.class));
      assertTrue(context.containsBean(ProvenanceGraph.class));
      assertTrue(context.containsBean(ProvenanceOnPush.class));
      context.getBean(ArchiveExporter.class);
      context.getBean(ArchiveImporter.class);
      context.getBean(DoiService.class);
      context.getBean(ProvenanceOnPush.class);
    }
  }

  @Test
  void serverBeansAbsent_onlyStatelessPartsWire() {
    try (ApplicationContext context = ApplicationContext.run()) {
      assertFalse(context.containsBean(ArchiveExporter.class));
      assertFalse(context.containsBean(DoiService.class));
      assertFalse(context.containsBean(ProvenanceOnPush.class));
    }
  }
}
