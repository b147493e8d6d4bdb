package org.arca.registry.vetting;

import jakarta.inject.Singleton;
import org.arca.core.Actors;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.job.JobHandler;

/**
 * Re-evaluates vetting decisions when their evidence changes or ages. From the event log: a referrer pushed to a
 * vetted image (a new SBOM, a new scan report, a signature) or deleted from it; as a job ({@value #KIND}, queued by
 * {@link VettingRecheckSchedule}): every vetted image, so that evidence past the policy's maximum age unvets it.
 * Re-evaluating is idempotent: a decision is recorded only when the outcome changes.
 */
@Singleton
class VettingReevaluation implements RegistryEventConsumer, JobHandler {
  static final String KIND = "vetting-recheck";

  private final VettingStore store;
  private final VettingService vetting;

  VettingReevaluation(VettingStore store, VettingService vetting) {
    this.store = store;
    this.vetting = vetting;
  }

  @Override
  public String name() {
    return "vetting";
  }

  @Override
  public void accept(RegistryEvent event) {
    if (event instanceof ManifestPushed pushed && pushed.subject() != null
        && !Actors.VETTING.equals(pushed.pusher())) {
      store.currentStored(pushed.subject()).filter(d -> d.repository().equals(pushed.repository()))
          .ifPresent(current -> vetting.reevaluate(current, "referrer " + pushed.digest() + " ("
              + pushed.artifactType() + ") was attached"));
    } else if (event instanceof ManifestDeleted deleted) {
      // the deleted manifest is gone, so its subject is found through the evidence the decisions relied on
      String digest = deleted.digest().toString();
      for (VettingStore.StoredDecision current : store.currentlyVetted()) {
        if (current.repository().equals(deleted.repository())
            && current.evaluation().path("evidence").toString().contains(digest)) {
          vetting.reevaluate(current, "evidence " + digest + " was deleted");
        }
      }
    }
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) {
    int changed = 0;
    for (VettingStore.StoredDecision current : store.currentlyVetted()) {
      if (vetting.reevaluate(current, "the scheduled check of the evidence's age").isPresent()) {
        changed++;
      }
    }
    return changed + " decision" + (changed == 1 ? "" : "s") + " changed";
  }
}
