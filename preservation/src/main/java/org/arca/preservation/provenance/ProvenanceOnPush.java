package org.arca.preservation.provenance;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.core.RegistryException;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records provenance when a manifest is pushed, and drops it when the manifest is deleted. Content that cannot be read as provenance is logged and skipped; a
 * failure to read or write (the database, the blob store) is thrown, so that the event log delivers the push again.
 * Recording an edge twice keeps one row, so a replay is harmless.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
@Requires(beans = ProvenanceRecorder.class)
public final class ProvenanceOnPush implements RegistryEventConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceOnPush.class);
  private final ProvenanceRecorder recorder;
  private final ProvenanceStore store;

  public ProvenanceOnPush(ProvenanceRecorder recorder, ProvenanceStore store) {
    this.recorder = recorder;
    this.store = store;
  }

  @Override
  public String name() {
    return "provenance";
  }

  @Override
  public void accept(RegistryEvent event) throws IOException {
    if (event instanceof ManifestDeleted deleted) {
      store.forget(deleted.repository(), deleted.digest());
      return;
    }
    if (!(event instanceof ManifestPushed pushed)) {
      return;
    }
    try {
      recorder.record(pushed.repository(), pushed.digest());
    } catch (RegistryException | IllegalArgumentException e) {
      // a malformed label or attestation: delivering it again would not make it readable
      LOG.warn("record provenance of {}@{}: {}", pushed.repository(), pushed.digest(), e.toString());
    }
  }
}
