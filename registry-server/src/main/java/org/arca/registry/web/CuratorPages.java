package org.arca.registry.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Glob;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.retention.PlanItem;
import org.arca.preservation.retention.Rule;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Callers;
import org.arca.registry.gc.GcRuns;
import org.arca.registry.quota.NamespaceQuotas;
import org.arca.registry.quota.QuotaView;
import org.arca.registry.retention.RestoreWindow;
import org.arca.registry.retention.RetentionRuns;
import org.arca.registry.retention.RetentionStore;
import org.arca.web.PageRenderer;

/**
 * {@code /curator}: retention policies and plans (add a policy, plan now, review a plan's items, approve it), the
 * restore window, a namespace's quota and usage, and for admins garbage-collection runs and the audit log. Each
 * action is the one {@code /api/v1/retention}, {@code /api/v1/gc/runs}, {@code /api/v1/namespaces/{ns}/quota} and
 * {@code /api/v1/audit} offer, through the same services, with the same role: curators here, admins for GC and the
 * audit log. Anyone else is asked to sign in, or refused with 403.
 */
@Hidden // HTML forms for browsers, not part of the JSON API that docs/api/openapi.yml describes
@Controller("/curator")
@ExecuteOn(TaskExecutors.BLOCKING)
class CuratorPages {
  private static final int PLANS_SHOWN = 20;
  private static final int AUDIT_SHOWN = 50;

  private final WebSessions sessions;
  private final RetentionStore retention;
  private final RetentionRuns runs;
  private final RestoreWindow window;
  private final GcRuns gc;
  private final NamespaceQuotas quotas;
  private final AuditLog audit;
  private final PageRenderer pages;

  CuratorPages(WebSessions sessions, RetentionStore retention, RetentionRuns runs, RestoreWindow window, GcRuns gc,
      NamespaceQuotas quotas, AuditLog audit, PageRenderer pages) {
    this.sessions = sessions;
    this.retention = retention;
    this.runs = runs;
    this.window = window;
    this.gc = gc;
    this.quotas = quotas;
    this.audit = audit;
    this.pages = pages;
  }

  @Get(produces = MediaType.TEXT_HTML)
  HttpResponse<String> overview(HttpRequest<?> request, @Nullable @QueryValue String namespace) {
    Optional<HttpResponse<String>> refused = refuseUnlessCurator(request, "/curator");
    if (refused.isPresent()) {
      return refused.get();
    }
    return overviewPage(request, HttpStatus.OK, null, namespace);
  }

  @Post(uri = "/policies", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> addPolicy(HttpRequest<?> request, @Nullable String token, @Nullable String pattern,
      @Nullable String rules) {
    Caller caller = curatorForm(request, token);
    List<Rule> parsed = new ArrayList<>();
    Glob glob;
    try {
      glob = new Glob(pattern == null ? "" : pattern.strip());
      JsonNode list = OciJson.MAPPER.readTree(rules == null ? "" : rules);
      if (list == null || !list.isArray() || list.isEmpty()) {
        throw new IllegalArgumentException("the rules must be a JSON list of at least one rule, as in the API");
      }
      list.forEach(node -> parsed.add(Rule.parse(node)));
    } catch (IOException | IllegalArgumentException e) {
      String reason = e instanceof IOException ? "the rules are not JSON" : e.getMessage();
      return overviewPage(request, HttpStatus.BAD_REQUEST, "The policy was not added: " + reason, null);
    }
    runs.addPolicy(glob, parsed, null, false, caller.name(), Callers.address(request));
    return HttpResponse.seeOther(URI.create("/curator"));
  }

  @Post(uri = "/plans", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> plan(HttpRequest<?> request, @Nullable String token) {
    Caller caller = curatorForm(request, token);
    RetentionStore.Plan plan = runs.plan(caller.name(), Callers.address(request));
    return HttpResponse.seeOther(URI.create("/curator/plans/" + plan.id()));
  }

  @Get(uri = "/plans/{id}", produces = MediaType.TEXT_HTML)
  HttpResponse<String> planPage(HttpRequest<?> request, @PathVariable String id) {
    Optional<HttpResponse<String>> refused = refuseUnlessCurator(request, "/curator/plans/" + id);
    if (refused.isPresent()) {
      return refused.get();
    }
    Optional<RetentionStore.Plan> plan = runs.find(id);
    if (plan.isEmpty()) {
      return message(request, HttpStatus.NOT_FOUND, "No such plan", "There is no retention plan " + id + ".");
    }
    Map<String, Object> model = WebModel.of(request, "Retention plan – Arca");
    model.put("token", sessions.current(request).orElseThrow().formToken());
    model.put("plan", plan.get());
    model.put("approvable", "planned".equals(plan.get().state()));
    List<Map<String, Object>> items = new ArrayList<>();
    long candidates = 0;
    long bytes = 0;
    for (RetentionStore.StoredItem stored : retention.items(id)) {
      PlanItem item = stored.item();
      Map<String, Object> row = new HashMap<>();
      row.put("action", item.action() == PlanItem.Action.REMOVE ? "remove" : "keep");
      row.put("repository", item.repository().value());
      row.put("tag", item.tag());
      row.put("digest", item.digest().toString());
      row.put("shortDigest", item.digest().toString().substring(0, 19) + "…");
      row.put("rule", item.rule());
      row.put("reason", item.reason());
      row.put("bytes", item.bytes());
      row.put("outcome", stored.outcome() == null ? "" : stored.outcome());
      items.add(row);
      if (item.action() == PlanItem.Action.REMOVE) {
        candidates++;
        bytes += item.bytes();
      }
    }
    model.put("items", items);
    model.put("candidates", candidates);
    model.put("bytes", bytes);
    return WebModel.noStore(pages.page(request, HttpStatus.OK, "web/curator-plan", model));
  }

  @Post(uri = "/plans/{id}/approve", consumes = MediaType.APPLICATION_FORM_URLENCODED,
      produces = MediaType.TEXT_HTML)
  HttpResponse<String> approve(HttpRequest<?> request, @PathVariable String id, @Nullable String token) {
    Caller caller = curatorForm(request, token);
    try {
      runs.execute(id, caller.name(), Callers.address(request));
    } catch (RegistryException e) {
      return message(request, HttpStatus.valueOf(e.status()), "The plan was not approved", e.getMessage());
    }
    return HttpResponse.seeOther(URI.create("/curator/plans/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
  }

  @Post(uri = "/restorable/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> restore(HttpRequest<?> request, @PathVariable long id, @Nullable String token) {
    Caller caller = curatorForm(request, token);
    try {
      runs.restore(id, caller.name(), Callers.address(request));
    } catch (RegistryException e) {
      return overviewPage(request, HttpStatus.valueOf(e.status()), "Nothing was restored: " + e.getMessage(), null);
    }
    return HttpResponse.seeOther(URI.create("/curator"));
  }

  @Post(uri = "/gc", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
  HttpResponse<String> startGc(HttpRequest<?> request, @Nullable String token, @Nullable String dryRun) {
    Caller caller = curatorForm(request, token);
    if (!caller.isAdmin()) {
      return message(request, HttpStatus.FORBIDDEN, "Only admins collect garbage",
          "Garbage collection is for admins, as on /api/v1/gc/runs.");
    }
    gc.start("true".equals(dryRun), caller.name(), null);
    return HttpResponse.seeOther(URI.create("/curator#gc"));
  }

  private MutableHttpResponse<String> overviewPage(HttpRequest<?> request, HttpStatus status, String error,
      String namespace) {
    Caller caller = Callers.of(request);
    Map<String, Object> model = WebModel.of(request, "Curation – Arca");
    model.put("token", sessions.current(request).orElseThrow().formToken());
    model.put("error", error);
    model.put("policies", retention.policies().stream().map(policy -> Map.of("id", policy.id(), "pattern",
        policy.pattern().pattern(), "rules", policy.rules().stream().map(rule -> rule.toJson().toString())
            .toList())).toList());
    model.put("plans", retention.plans(PLANS_SHOWN));
    model.put("restorable", window.restorable());
    model.put("admin", caller.isAdmin());
    if (caller.isAdmin()) {
      model.put("gcRuns", gc.runs(null, PLANS_SHOWN));
      model.put("audit", audit.entries(null, null, null, AUDIT_SHOWN));
    }
    String ns = namespace == null ? "" : namespace.strip();
    model.put("namespace", ns);
    if (!ns.isEmpty()) {
      try {
        QuotaView quota = quotas.view(RepositoryName.parse(ns).namespace());
        model.put("quota", quota);
        model.put("quotaPercent", percent(quota));
      } catch (RegistryException e) {
        model.put("quotaError", e.getMessage());
      }
    }
    return WebModel.noStore(pages.page(request, status, "web/curator", model));
  }

  /** How full the namespace is against its reject threshold (or warning threshold), 0 to 100; null for no quota. */
  static Integer percent(QuotaView quota) {
    Long limit = quota.rejectBytes() != null ? quota.rejectBytes() : quota.warningBytes();
    if (limit == null || limit <= 0) {
      return null;
    }
    return (int) Math.min(100, quota.usedBytes() * 100 / limit);
  }

  /** A sign-in prompt for visitors, 403 for signed-in non-curators; empty for curators and admins. */
  private Optional<HttpResponse<String>> refuseUnlessCurator(HttpRequest<?> request, String path) {
    if (sessions.current(request).isEmpty()) {
      return Optional.of(HttpResponse.seeOther(URI.create("/signin?next=" + path)));
    }
    if (!Callers.of(request).isCurator()) {
      return Optional.of(message(request, HttpStatus.FORBIDDEN, "For curators only",
          "These pages are for curators and admins; your account is not one."));
    }
    return Optional.empty();
  }

  private Caller curatorForm(HttpRequest<?> request, String token) {
    Caller caller = sessions.requireForm(request, token);
    if (!caller.isCurator()) {
      throw new WebSessions.FormRefused("only curators and admins curate; your account is not one");
    }
    return caller;
  }

  private MutableHttpResponse<String> message(HttpRequest<?> request, HttpStatus status, String heading,
      String text) {
    return WebModel.message(pages, request, status, heading, text);
  }
}
