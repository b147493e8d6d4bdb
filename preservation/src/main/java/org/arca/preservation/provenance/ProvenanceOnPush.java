package org.arca.preservation.provenance;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.core.event.ManifestPushed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records provenance when a manifest is pushed. A failure is logged and never undoes the push, as the events'
 * contract says; the server may replay pushes through {@link ProvenanceRecorder#record} to fill gaps.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
@Requires(beans = ProvenanceRecorder.class)
public final class ProvenanceOnPush implements ApplicationEventListener<ManifestPushed> {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceOnPush.class);
  private final ProvenanceRecorder recorder;

  public ProvenanceOnPush(ProvenanceRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void onApplicationEvent(ManifestPushed event) {
    try {
      recorder.record(event.repository(), event.digest());
    } catch (IOException | RuntimeException e) {
      // a malformed label or attestation must not fail the push that carried it
      LOG.warn("record provenance of {}@{}: {}", event.repository(), event.digest(), e.toString());
    }
  }
}
