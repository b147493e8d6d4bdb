package org.arca.registry.retention;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.arca.core.Glob;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.RegistryDeleter;
import org.arca.core.registry.StoredManifest;
import org.arca.preservation.retention.PlanItem;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.Protection;
import org.arca.preservation.retention.RetentionInventory;
import org.arca.preservation.retention.RetentionPlanner;
import org.arca.preservation.retention.RetentionPolicy;
import org.arca.preservation.retention.Rule;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.retention.PullStatistics.PullStat;
import org.arca.registry.retention.RetentionStore.Plan;
import org.arca.registry.retention.RetentionStore.StoredItem;

/**
 * Planning and executing retention. Planning runs {@link RetentionPlanner}, which can only read, and saves what it
 * returns. Executing an approved plan removes exactly its items, each only if it is still as planning saw it: a tag
 * that moved or was pulled since, a manifest tagged or pulled since, and anything protected since are skipped, with
 * the reason in the plan's report. Each removal is first kept in the {@link RestoreWindow}, then deleted through
 * core's {@link RegistryDeleter}, which runs the same guards and writes the same audit entry as a client's delete.
 */
@Singleton
public class RetentionRuns {
  /** Who retention's deletes are audited as, after the curator who approved them. */
  static final String ACTOR_SUFFIX = " (retention)";

  private final RetentionStore store;
  private final JdbcRetentionInventory inventory;
  private final RetentionProtections protections;
  private final RegistryCatalog catalog;
  private final RegistryDeleter deleter;
  private final RestoreWindow window;
  private final PullStatistics pulls;
  private final AuditLog audit;
  private final Clock clock;

  RetentionRuns(RetentionStore store, JdbcRetentionInventory inventory, RetentionProtections protections,
      RegistryCatalog catalog, RegistryDeleter deleter, RestoreWindow window, PullStatistics pulls, AuditLog audit,
      Clock clock) {
    this.store = store;
    this.inventory = inventory;
    this.protections = protections;
    this.catalog = catalog;
    this.deleter = deleter;
    this.window = window;
    this.pulls = pulls;
    this.audit = audit;
    this.clock = clock;
  }

  /** Adds a policy and audits who added it; the API and the curator's page both add policies here. */
  public RetentionPolicy addPolicy(Glob pattern, List<Rule> rules, String schedule, boolean autoApprove, String actor,
      String address) {
    RetentionPolicy policy = store.addPolicy(pattern, rules, schedule, autoApprove, actor, clock.instant());
    audit.success(actor, "retention.policy.add", "policy " + policy.id(), "pattern " + pattern.pattern() + ", rules "
        + rules.stream().map(rule -> rule.toJson().toString()).toList()
        + (schedule == null ? "" : ", schedule " + schedule + (autoApprove ? ", auto-approved" : "")), address);
    return policy;
  }

  /** Restores one removed tag or manifest of the restore window and audits it, for the API and the page alike. */
  public RestoreWindow.Removed restore(long id, String actor, String address) {
    RestoreWindow.Removed removed = window.restore(id, actor);
    audit.success(actor, "retention.restore", removed.tag() != null ? removed.repository() + ":" + removed.tag()
        : removed.repository() + "@" + removed.digest(), null, address);
    return removed;
  }

  /** Plans every policy against the registry as it is now and saves the plan; nothing is removed. */
  public Plan plan(String actor, String address) {
    return plan(UUID.randomUUID().toString(), inventory, null, actor, address);
  }

  /**
   * Plans the repositories that one policy matches, for its schedule, and saves the plan under {@code planId}. Every
   * policy matching those repositories applies, as in any plan, so that another policy's keep rules still hold. A
   * plan already saved under {@code planId} (the job ran before and stopped) is returned as it is.
   */
  Plan planScheduled(String planId, RetentionPolicy policy, String actor) {
    Optional<Plan> saved = store.plan(planId);
    if (saved.isPresent()) {
      return saved.get();
    }
    RetentionInventory matched = new RetentionInventory() {
      @Override
      public List<RepositoryName> repositories() {
        return inventory.repositories().stream().filter(r -> policy.pattern().matches(r.value())).toList();
      }

      @Override
      public Contents contents(RepositoryName repository) {
        return inventory.contents(repository);
      }
    };
    return plan(planId, matched, policy.id(), actor, null);
  }

  private Plan plan(String planId, RetentionInventory scope, Long policyId, String actor, String address) {
    pulls.flush();
    List<PlanItem> items = new RetentionPlanner(scope, protections.snapshot(), clock).plan(store.policies());
    Plan plan = store.savePlan(planId, items, actor, clock.instant(), policyId);
    audit.success(actor, "retention.plan", plan.id(), items.stream().filter(i -> i.action() == Action.REMOVE).count()
        + " candidates" + (policyId == null ? "" : ", scheduled by policy " + policyId), address);
    return plan;
  }

  /** Executes a planned plan once; 409 when it was executed already. */
  public Plan execute(String planId, String actor, String address) {
    Plan plan = store.plan(planId).orElseThrow(() -> unknownPlan(planId));
    if (!store.claimExecution(planId, actor, clock.instant())) {
      throw new RegistryException(OciError.DENIED, "plan " + planId + " is " + plan.state()
          + " already; make a new plan").withStatus(409);
    }
    pulls.flush();
    Protection protection = protections.snapshot();
    Map<RepositoryName, Map<String, PullStat>> stats = new java.util.HashMap<>(); // read once per repository
    int removed = 0;
    int skipped = 0;
    for (StoredItem stored : store.items(planId)) {
      PlanItem item = stored.item();
      if (item.action() != Action.REMOVE) {
        continue;
      }
      Optional<String> change;
      try {
        change = removeUnlessChanged(planId, item, protection,
            stats.computeIfAbsent(item.repository(), pulls::of), actor + ACTOR_SUFFIX);
      } catch (RegistryException e) {
        change = Optional.of("refused: " + e.getMessage());
      }
      if (change.isPresent()) {
        skipped++;
        store.recordOutcome(planId, stored.position(), "skipped", change.get());
      } else {
        removed++;
        store.recordOutcome(planId, stored.position(), "removed", null);
      }
    }
    audit.success(actor, "retention.execute", planId, removed + " removed, " + skipped + " skipped", address);
    return store.plan(planId).orElseThrow();
  }

  public Optional<Plan> find(String planId) {
    return store.plan(planId);
  }

  /** Why the item is left alone, or empty once it is removed. */
  private Optional<String> removeUnlessChanged(String planId, PlanItem item, Protection protection,
      Map<String, PullStat> stats, String actor) {
    RepositoryName repository = item.repository();
    if (item.isTag()) {
      Optional<StoredManifest> current = catalog.manifest(repository, Tag.parse(item.tag()));
      if (current.isEmpty()) {
        return Optional.of("the tag no longer exists");
      }
      if (!current.get().digest().equals(item.digest())) {
        return Optional.of("re-tagged since planning: now points at " + current.get().digest());
      }
      Optional<String> changed = pulledSince(stats.get(item.tag()), item.observedPulledAt())
          .or(() -> protection.reason(repository, item.tag(), item.digest()).map(r -> "protected since planning: " + r))
          .or(() -> protection.reason(repository, null, item.digest()).map(r -> "protected since planning: " + r));
      if (changed.isPresent()) {
        return changed;
      }
      long kept = window.keep(planId, current.get(), item.tag());
      removeOrForget(kept, () -> deleter.deleteTag(repository, item.tag(), actor));
      return Optional.empty();
    }
    Optional<StoredManifest> current = catalog.manifest(repository, item.digest());
    if (current.isEmpty()) {
      return Optional.of("the manifest is gone already");
    }
    List<String> tags = catalog.tagsOf(repository, item.digest());
    if (!tags.isEmpty()) {
      return Optional.of("tagged since planning (or a tag removal was skipped): " + String.join(", ", tags));
    }
    Optional<String> changed = pulledSince(stats.get(item.digest().toString()), item.observedPulledAt())
        .or(() -> protection.reason(repository, null, item.digest()).map(r -> "protected since planning: " + r));
    if (changed.isPresent()) {
      return changed;
    }
    long kept = window.keep(planId, current.get(), null);
    removeOrForget(kept, () -> deleter.deleteManifest(repository, item.digest(), actor));
    return Optional.empty();
  }

  private void removeOrForget(long kept, Runnable delete) {
    try {
      delete.run();
    } catch (RuntimeException e) {
      window.forget(kept);
      throw e;
    }
  }

  private static Optional<String> pulledSince(PullStat stat, Instant observed) {
    if (stat != null && (observed == null || stat.lastPulledAt().isAfter(observed))) {
      return Optional.of("pulled since planning, at " + stat.lastPulledAt());
    }
    return Optional.empty();
  }

  static RegistryException unknownPlan(String planId) {
    return new RegistryException(OciError.NAME_UNKNOWN, "no retention plan has the id " + planId).withStatus(404);
  }
}
