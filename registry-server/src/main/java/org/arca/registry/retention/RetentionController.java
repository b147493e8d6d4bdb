package org.arca.registry.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.core.Glob;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.access.RequiresRole;
import org.arca.core.image.OciJson;
import org.arca.preservation.retention.PlanItem;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.RetentionPolicy;
import org.arca.preservation.retention.Rule;
import org.arca.registry.api.JsonRequests;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Callers;
import org.arca.registry.job.Schedules;
import org.arca.registry.retention.RetentionStore.Hold;
import org.arca.registry.retention.RetentionStore.Plan;
import org.arca.registry.retention.RetentionStore.PolicySchedule;
import org.arca.registry.retention.RetentionStore.StoredItem;

/**
 * {@code /api/v1/retention} (curators and admins): policies, legal holds, plans (a dry run is a saved plan; approving
 * it executes exactly its items), what is restorable and its restore, and pull statistics.
 */
@Tag(name = "Retention", description = "Retention policies, legal holds, plans, restore window (curators)")
@Controller("/api/v1/retention")
@SecurityRequirement(name = "basic")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresRole(RequiresRole.ArchiveRole.CURATOR)
public class RetentionController {
  private final RetentionStore store;
  private final RetentionRuns runs;
  private final RestoreWindow window;
  private final PullStatistics pulls;
  private final AuditLog audit;
  private final Clock clock;

  RetentionController(RetentionStore store, RetentionRuns runs, RestoreWindow window, PullStatistics pulls,
      AuditLog audit, Clock clock) {
    this.store = store;
    this.runs = runs;
    this.window = window;
    this.pulls = pulls;
    this.audit = audit;
    this.clock = clock;
  }

  // ---- policies

  @Operation(summary = "Every retention policy")
  @Get("/policies")
  public HttpResponse<byte[]> policies() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    Map<Long, PolicySchedule> schedules = store.schedules();
    store.policies().forEach(policy -> list.add(view(policy, schedules.get(policy.id()))));
    return answer(HttpStatus.OK, list);
  }

  /**
   * {@code {"pattern":"lab/**","rules":[{"rule":"keepMostRecentlyPushed","count":5}, ...],"schedule":"0 0 3 * * *",
   * "autoApprove":false}}; schedule and autoApprove are optional.
   */
  @Operation(summary = "Adds a policy: a repository pattern, its rules, and optionally a schedule on which it plans"
      + " by itself and whether those plans are executed without approval (autoApprove) (201)")
  @Post(uri = "/policies", consumes = MediaType.ALL)
  public HttpResponse<byte[]> addPolicy(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json = JsonRequests.object(body);
    Glob pattern;
    List<Rule> rules = new ArrayList<>();
    String schedule;
    boolean autoApprove;
    try {
      pattern = new Glob(JsonRequests.required(json, "pattern"));
      if (!json.path("rules").isArray() || json.get("rules").isEmpty()) {
        throw new IllegalArgumentException("the policy needs \"rules\", a list of at least one rule");
      }
      json.get("rules").forEach(node -> rules.add(Rule.parse(node)));
      schedule = schedule(json);
      autoApprove = autoApprove(json, schedule);
    } catch (IllegalArgumentException e) {
      throw JsonRequests.invalid(e.getMessage());
    }
    RetentionPolicy policy = runs.addPolicy(pattern, rules, schedule, autoApprove, Callers.of(request).name(),
        Callers.address(request));
    ObjectNode view = view(policy, new PolicySchedule(policy.id(), schedule, autoApprove, null, clock.instant()));
    return answer(HttpStatus.CREATED, view).header("Location", "/api/v1/retention/policies/" + policy.id());
  }

  @Operation(summary = "Removes a policy (204)")
  @Delete(uri = "/policies/{id}", produces = MediaType.ALL)
  public HttpResponse<?> deletePolicy(HttpRequest<?> request, @PathVariable long id) {
    if (!store.deletePolicy(id)) {
      throw notFound("no retention policy has the id " + id);
    }
    audit.success(Callers.of(request).name(), "retention.policy.delete", "policy " + id, null,
        Callers.address(request));
    return HttpResponse.noContent();
  }

  // ---- legal holds

  @Operation(summary = "Every legal hold")
  @Get("/holds")
  public HttpResponse<byte[]> holds() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    store.holds().forEach(hold -> list.add(view(hold)));
    return answer(HttpStatus.OK, list);
  }

  /** {@code {"repository":"lab/tool","reference":"v1" (a tag or digest; none holds the repository),"reason":...}}. */
  @Operation(summary = "Puts a repository, tag or manifest on legal hold: never a retention candidate (201)")
  @Post(uri = "/holds", consumes = MediaType.ALL)
  public HttpResponse<byte[]> addHold(HttpRequest<?> request, @Body byte[] body) {
    JsonNode json = JsonRequests.object(body);
    RepositoryName repository = RepositoryName.parse(JsonRequests.required(json, "repository"));
    String reference = json.hasNonNull("reference") ? Reference.parse(json.get("reference").asText()).toString()
        : null;
    Hold hold = store.addHold(repository, reference, JsonRequests.required(json, "reason"), Callers.of(request).name(),
        clock.instant());
    audit.success(Callers.of(request).name(), "retention.hold.add", repository + (reference == null ? ""
        : (reference.contains(":") ? "@" : ":") + reference), hold.reason(), Callers.address(request));
    return answer(HttpStatus.CREATED, view(hold)).header("Location", "/api/v1/retention/holds/" + hold.id());
  }

  @Operation(summary = "Lifts a legal hold (204)")
  @Delete(uri = "/holds/{id}", produces = MediaType.ALL)
  public HttpResponse<?> deleteHold(HttpRequest<?> request, @PathVariable long id) {
    if (!store.deleteHold(id)) {
      throw notFound("no legal hold has the id " + id);
    }
    audit.success(Callers.of(request).name(), "retention.hold.delete", "hold " + id, null, Callers.address(request));
    return HttpResponse.noContent();
  }

  // ---- plans

  @Operation(summary = "Plans every policy against the registry now and saves the plan; removes nothing (201)")
  @Post(uri = "/plans", consumes = MediaType.ALL)
  public HttpResponse<byte[]> plan(HttpRequest<?> request) {
    Plan plan = runs.plan(Callers.of(request).name(), Callers.address(request));
    return answer(HttpStatus.CREATED, view(plan, store.items(plan.id())))
        .header("Location", "/api/v1/retention/plans/" + plan.id());
  }

  @Operation(summary = "The newest plans, without their items")
  @Get("/plans")
  public HttpResponse<byte[]> plans(@Nullable @QueryValue Integer n) {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    store.plans(n == null ? 50 : Math.max(1, Math.min(n, 1000))).forEach(plan -> list.add(summary(plan)));
    return answer(HttpStatus.OK, list);
  }

  @Operation(summary = "A plan with every candidate and protected item, and after execution what happened to each")
  @Get("/plans/{id}")
  public HttpResponse<byte[]> plan(@PathVariable String id) {
    Plan plan = runs.find(id).orElseThrow(() -> RetentionRuns.unknownPlan(id));
    return answer(HttpStatus.OK, view(plan, store.items(id)));
  }

  @Operation(summary = "Approves a plan and executes exactly its items, skipping those that changed since (200)")
  @Post(uri = "/plans/{id}/approve", consumes = MediaType.ALL)
  public HttpResponse<byte[]> approve(HttpRequest<?> request, @PathVariable String id) {
    Plan plan = runs.execute(id, Callers.of(request).name(), Callers.address(request));
    return answer(HttpStatus.OK, view(plan, store.items(id)));
  }

  // ---- restore window

  @Operation(summary = "Tags and manifests that retention removed and that may still be restored")
  @Get("/restorable")
  public HttpResponse<byte[]> restorable() {
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    window.restorable().forEach(removed -> list.add(view(removed)));
    return answer(HttpStatus.OK, list);
  }

  @Operation(summary = "Restores one removed tag or manifest by its id in the restorable list (200)")
  @Post(uri = "/restorable/{id}", consumes = MediaType.ALL)
  public HttpResponse<byte[]> restore(HttpRequest<?> request, @PathVariable long id) {
    RestoreWindow.Removed removed = runs.restore(id, Callers.of(request).name(), Callers.address(request));
    return answer(HttpStatus.OK, view(removed));
  }

  // ---- pull statistics

  @Operation(summary = "Last pull and pull count of every tag and manifest of a repository that was pulled")
  @Get("/pulls")
  public HttpResponse<byte[]> pulls(@QueryValue String repository) {
    ObjectNode body = OciJson.MAPPER.createObjectNode();
    body.put("repository", RepositoryName.parse(repository).value());
    ObjectNode references = body.putObject("pulls");
    pulls.of(RepositoryName.parse(repository)).entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> references.putObject(e.getKey()).put("lastPulledAt", e.getValue().lastPulledAt().toString())
            .put("pullCount", e.getValue().pullCount()));
    return answer(HttpStatus.OK, body);
  }

  /** The policy's schedule, checked; null when it has none. */
  private static String schedule(JsonNode json) {
    JsonNode schedule = json.get("schedule");
    if (schedule == null || schedule.isNull()) {
      return null;
    }
    if (!schedule.isTextual()) {
      throw new IllegalArgumentException("\"schedule\" is text: an interval (24h) or a cron expression"
          + " (\"0 0 3 * * *\")");
    }
    return Schedules.check(schedule.asText());
  }

  private static boolean autoApprove(JsonNode json, String schedule) {
    JsonNode autoApprove = json.get("autoApprove");
    if (autoApprove == null || autoApprove.isNull()) {
      return false;
    }
    if (!autoApprove.isBoolean()) {
      throw new IllegalArgumentException("\"autoApprove\" is true or false");
    }
    if (autoApprove.asBoolean() && schedule == null) {
      throw new IllegalArgumentException("\"autoApprove\" applies to the runs a schedule starts; give the policy a"
          + " \"schedule\" too, or approve its plans yourself");
    }
    return autoApprove.asBoolean();
  }

  // ---- views

  private static ObjectNode view(RetentionPolicy policy, PolicySchedule schedule) {
    ObjectNode node = OciJson.MAPPER.createObjectNode().put("id", policy.id()).put("pattern",
        policy.pattern().pattern());
    ArrayNode rules = node.putArray("rules");
    policy.rules().forEach(rule -> rules.add(rule.toJson()));
    if (schedule != null && schedule.schedule() != null) {
      node.put("schedule", schedule.schedule()).put("autoApprove", schedule.autoApprove());
      if (schedule.lastScheduledAt() != null) {
        node.put("lastScheduledAt", schedule.lastScheduledAt().toString());
      }
    }
    return node;
  }

  private static ObjectNode view(Hold hold) {
    return OciJson.MAPPER.createObjectNode().put("id", hold.id()).put("repository", hold.repository().value())
        .put("reference", hold.reference()).put("reason", hold.reason()).put("createdBy", hold.createdBy())
        .put("createdAt", hold.createdAt().toString());
  }

  private static ObjectNode summary(Plan plan) {
    ObjectNode node = OciJson.MAPPER.createObjectNode().put("id", plan.id()).put("state", plan.state())
        .put("createdBy", plan.createdBy()).put("createdAt", plan.createdAt().toString());
    if (plan.policyId() != null) {
      node.put("policy", plan.policyId());
    }
    if (plan.executedAt() != null) {
      node.put("approvedBy", plan.executedBy()).put("executedAt", plan.executedAt().toString());
    }
    return node;
  }

  private static ObjectNode view(Plan plan, List<StoredItem> items) {
    ObjectNode node = summary(plan);
    long candidates = 0;
    long bytes = 0;
    long protectedItems = 0;
    long removed = 0;
    long skipped = 0;
    ArrayNode list = OciJson.MAPPER.createArrayNode();
    for (StoredItem stored : items) {
      PlanItem item = stored.item();
      if (item.action() == Action.REMOVE) {
        candidates++;
        bytes += item.bytes();
      } else {
        protectedItems++;
      }
      removed += "removed".equals(stored.outcome()) ? 1 : 0;
      skipped += "skipped".equals(stored.outcome()) ? 1 : 0;
      ObjectNode line = list.addObject().put("action", item.action().name().toLowerCase(java.util.Locale.ROOT))
          .put("repository", item.repository().value()).put("tag", item.tag())
          .put("digest", item.digest().toString()).put("rule", item.rule()).put("reason", item.reason())
          .put("bytes", item.bytes());
      if (stored.outcome() != null) {
        line.put("outcome", stored.outcome()).put("outcomeDetail", stored.outcomeDetail());
      }
    }
    node.putObject("summary").put("candidates", candidates).put("bytes", bytes).put("protected", protectedItems)
        .put("removed", removed).put("skipped", skipped);
    node.set("items", list);
    return node;
  }

  private static ObjectNode view(RestoreWindow.Removed removed) {
    return OciJson.MAPPER.createObjectNode().put("id", removed.id()).put("repository", removed.repository().value())
        .put("tag", removed.tag()).put("digest", removed.digest().toString()).put("plan", removed.planId())
        .put("removedAt", removed.removedAt().toString())
        .put("restorableUntil", removed.restorableUntil().toString());
  }

  private static RegistryException notFound(String message) {
    return new RegistryException(OciError.NAME_UNKNOWN, message).withStatus(404);
  }

  private static MutableHttpResponse<byte[]> answer(HttpStatus status, JsonNode body) {
    return HttpResponse.<byte[]>status(status).body(OciJson.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
  }
}
