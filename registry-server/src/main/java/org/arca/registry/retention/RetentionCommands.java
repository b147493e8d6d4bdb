package org.arca.registry.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arca.core.Glob;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.retention.PlanItem;
import org.arca.preservation.retention.RetentionPolicy;
import org.arca.preservation.retention.Rule;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.job.Schedules;
import org.arca.registry.retention.RetentionStore.Plan;
import org.arca.registry.retention.RetentionStore.StoredItem;

/**
 * The {@code retention} commands of the jar: policies, holds, planning and reading plans. Approval and restore are
 * the server's ({@code /api/v1/retention}): the instance that serves pulls must be the one that removes, so that its
 * caches never serve what is gone.
 */
public final class RetentionCommands {
  private RetentionCommands() {}

  public static int addPolicy(ApplicationContext context, String actor, String pattern, String rulesJson,
      String schedule, boolean autoApprove, PrintWriter out) {
    if (autoApprove && schedule == null) {
      throw new IllegalArgumentException("--auto-approve applies to the runs a schedule starts; add --schedule too");
    }
    String checkedSchedule = schedule == null ? null : Schedules.check(schedule);
    List<Rule> rules = new ArrayList<>();
    JsonNode json;
    try {
      json = OciJson.MAPPER.readTree(rulesJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the rules are not JSON: " + OciJson.problem(e));
    }
    if (!json.isArray() || json.isEmpty()) {
      throw new IllegalArgumentException("the rules are a JSON list of at least one rule, e.g."
          + " '[{\"rule\":\"keepMostRecentlyPushed\",\"count\":5}]'");
    }
    json.forEach(node -> rules.add(Rule.parse(node)));
    RetentionPolicy policy = context.getBean(RetentionStore.class).addPolicy(new Glob(pattern), rules,
        checkedSchedule, autoApprove, actor, context.getBean(Clock.class).instant());
    String schedulePart = checkedSchedule == null ? "" : ", scheduled " + checkedSchedule
        + (autoApprove ? ", approved automatically" : ", plans wait for approval");
    context.getBean(AuditLog.class).success(actor, "retention.policy.add", "policy " + policy.id(), rulesJson
        + schedulePart, null);
    out.println("policy " + policy.id() + " for " + pattern + schedulePart);
    return 0;
  }

  public static int listPolicies(ApplicationContext context, PrintWriter out) {
    RetentionStore store = context.getBean(RetentionStore.class);
    Map<Long, RetentionStore.PolicySchedule> schedules = store.schedules();
    for (RetentionPolicy policy : store.policies()) {
      List<String> rules = policy.rules().stream().map(rule -> rule.toJson().toString()).toList();
      RetentionStore.PolicySchedule schedule = schedules.get(policy.id());
      out.println(policy.id() + "\t" + policy.pattern() + "\t" + String.join(" ", rules)
          + (schedule == null || schedule.schedule() == null ? "" : "\tschedule " + schedule.schedule()
              + (schedule.autoApprove() ? " (auto-approve)" : "")));
    }
    return 0;
  }

  public static int removePolicy(ApplicationContext context, String actor, long id, PrintWriter out) {
    if (!context.getBean(RetentionStore.class).deletePolicy(id)) {
      throw new IllegalArgumentException("no retention policy has the id " + id);
    }
    context.getBean(AuditLog.class).success(actor, "retention.policy.delete", "policy " + id, null, null);
    out.println("policy " + id + " removed");
    return 0;
  }

  public static int hold(ApplicationContext context, String actor, String repository, String reference,
      String reason, PrintWriter out) {
    RetentionStore.Hold hold = context.getBean(RetentionStore.class).addHold(RepositoryName.parse(repository),
        reference, reason, actor, context.getBean(Clock.class).instant());
    context.getBean(AuditLog.class).success(actor, "retention.hold.add", repository
        + (reference == null ? "" : " " + reference), reason, null);
    out.println("hold " + hold.id() + " on " + repository + (reference == null ? "" : " " + reference));
    return 0;
  }

  public static int plan(ApplicationContext context, String actor, PrintWriter out) {
    Plan plan = context.getBean(RetentionRuns.class).plan(actor, null);
    return show(context, plan.id(), out);
  }

  /** A plan as lines: its header, then one line per item (action, outcome, repository, tag or digest, rule, why). */
  public static int show(ApplicationContext context, String id, PrintWriter out) {
    RetentionStore store = context.getBean(RetentionStore.class);
    Plan plan = store.plan(id).orElseThrow(() -> RetentionRuns.unknownPlan(id));
    List<StoredItem> items = store.items(id);
    long bytes = items.stream().map(StoredItem::item).filter(i -> i.action() == PlanItem.Action.REMOVE)
        .mapToLong(PlanItem::bytes).sum();
    out.println("plan " + plan.id() + "\t" + plan.state() + "\t" + items.stream()
        .filter(i -> i.item().action() == PlanItem.Action.REMOVE).count() + " candidates, " + bytes + " bytes\t"
        + items.stream().filter(i -> i.item().action() == PlanItem.Action.PROTECTED).count() + " protected");
    for (StoredItem stored : items) {
      PlanItem item = stored.item();
      out.println(item.action().name().toLowerCase(java.util.Locale.ROOT)
          + (stored.outcome() == null ? "" : "/" + stored.outcome()) + "\t" + item.repository()
          + (item.isTag() ? ":" + item.tag() : "@" + item.digest()) + "\t" + item.rule() + "\t" + item.reason()
          + (stored.outcomeDetail() == null ? "" : "\t" + stored.outcomeDetail()));
    }
    return 0;
  }
}
