package org.arca.registry.retention;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.arca.registry.testing.TestImages.repository;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.job.JobQueue;
import org.arca.core.job.JobState;
import org.arca.core.job.JobStatus;
import org.arca.core.image.OciJson;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention over real HTTP against a started server, open access (roles have their own test): a plan that changes
 * nothing, approval that executes exactly the plan and skips what changed, the restore window, protected content,
 * and scheduled runs (on a test clock, which only moves forward). The subclasses run it on H2 and PostgreSQL. Each test declares a policy for its own
 * repository only and removes it afterwards, so that tests sharing the server never plan each other's content.
 */
abstract class RetentionContract {
  @Inject
  EmbeddedServer server;
  @Inject
  Database database;
  @Inject
  AuditLog audit;
  @Inject
  RetentionSchedule schedule;
  @Inject
  RetentionStore retention;
  @Inject
  JobQueue jobs;
  @Inject
  TestClock clock;
  @Value("${arca.data-dir}")
  String dataDir;

  OciClient client;
  final List<String> policies = new ArrayList<>();

  @BeforeEach
  void connect() {
    client = new OciClient(URI.create(server.getURL().toString()));
  }

  @AfterEach
  void removePolicies() {
    policies.forEach(location -> assertEquals(204, client.delete(location).status()));
    policies.clear();
  }

  /** An image with one random layer, pushed under {@code tag}. */
  record Image(Digest digest, byte[] manifest, Digest layer, byte[] layerBytes) {}

  Image push(String repository, String tag) {
    return push(client, repository, tag);
  }

  static Image push(OciClient client, String repository, String tag) {
    byte[] layer = randomBytes(2000);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]},\"config\":{\"Labels\":{\"n\":\"" + System.nanoTime() + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
    Digest digest = client.pushManifest(repository, tag, manifest, MediaTypes.OCI_MANIFEST);
    return new Image(digest, manifest, Digest.sha256(layer), layer);
  }

  void policy(String pattern, String rules) {
    Response created = client.post("/api/v1/retention/policies", body("{\"pattern\":\"" + pattern + "\",\"rules\":"
        + rules + "}"), "Content-Type", "application/json");
    assertEquals(201, created.status(), created::toString);
    policies.add(created.header("Location").orElseThrow());
  }

  JsonNode plan() {
    Response planned = client.post("/api/v1/retention/plans", null);
    assertEquals(201, planned.status(), planned::toString);
    return json(planned);
  }

  Response pull(String repository, String reference) {
    return pull(client, repository, reference);
  }

  static Response pull(OciClient client, String repository, String reference) {
    return client.get("/v2/" + repository + "/manifests/" + reference, "Accept", MediaTypes.OCI_MANIFEST);
  }

  @Test
  void planning_removesNothing_storageAndRegistryTablesStayByteIdentical() throws Exception {
    String repository = repository("dry");
    push(repository, "old");
    push(repository, "pr-1");
    push(repository, "new");
    policy(repository, "[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1},{\"rule\":\"removeTags\","
        + "\"pattern\":\"pr-*\"}]");
    Map<String, String> storageBefore = storage();
    Map<String, String> tablesBefore = registryTables();

    JsonNode plan = plan();

    assertEquals(4, plan.get("summary").get("candidates").asInt(), plan::toString); // old, pr-1 and their manifests
    assertTrue(plan.get("summary").get("bytes").asLong() > 4000, plan::toString);
    assertEquals(storageBefore, storage());
    assertEquals(tablesBefore, registryTables());
    assertEquals(200, pull(repository, "old").status());
    assertEquals(200, pull(repository, "pr-1").status());
  }

  @Test
  void approve_executesExactlyThePlan_skipsWhatChangedSince_andRunsOnce() {
    String repository = repository("run");
    Image gone = push(repository, "a");
    Image firstB = push(repository, "b");
    Image pulledLater = push(repository, "c");
    Image kept = push(repository, "keep");
    policy(repository, "[{\"rule\":\"keepTags\",\"pattern\":\"keep\"}]");
    JsonNode plan = plan();
    assertEquals(6, plan.get("summary").get("candidates").asInt(), plan::toString);

    Image moved = push(repository, "b"); // re-tagged after planning
    assertEquals(200, pull(repository, "c").status()); // pulled after planning
    Image later = push(repository, "d"); // pushed after planning: not in the plan, so untouched

    Response approved = client.post("/api/v1/retention/plans/" + plan.get("id").asText() + "/approve", null);
    assertEquals(200, approved.status(), approved::toString);
    JsonNode report = json(approved);
    assertEquals("executed", report.get("state").asText());
    // tag a, its manifest, and b's first manifest: b moved away from it, which leaves it as untagged as planned
    assertEquals(3, report.get("summary").get("removed").asInt(), report::toString);
    Map<String, String> outcomes = new TreeMap<>();
    report.get("items").forEach(item -> outcomes.put(item.path("tag").asText(item.get("digest").asText()),
        item.get("outcome").asText() + ": " + item.path("outcomeDetail").asText()));
    assertTrue(outcomes.get("b").startsWith("skipped: re-tagged since planning"), outcomes::toString);
    assertTrue(outcomes.get("c").startsWith("skipped: pulled since planning"), outcomes::toString);
    assertTrue(outcomes.get(pulledLater.digest().toString()).startsWith("skipped: tagged since planning"),
        outcomes::toString);

    assertEquals(404, pull(repository, "a").status());
    assertEquals(404, pull(repository, gone.digest().toString()).status());
    assertEquals(404, pull(repository, firstB.digest().toString()).status());
    assertEquals(moved.digest().toString(), pull(repository, "b").header("Docker-Content-Digest").orElseThrow());
    assertEquals(200, pull(repository, "c").status());
    assertEquals(200, pull(repository, "keep").status());
    assertEquals(200, pull(repository, later.digest().toString()).status());
    assertEquals(kept.digest().toString(), pull(repository, "keep").header("Docker-Content-Digest").orElseThrow());
    assertTrue(audit.entries(null, null, "tag.delete", 100).stream()
        .anyMatch(e -> e.target().equals(repository + ":a") && e.actor().endsWith("(retention)")));
    assertTrue(audit.entries(null, null, "retention.execute", 100).stream()
        .anyMatch(e -> e.target().equals(plan.get("id").asText())));

    Response again = client.post("/api/v1/retention/plans/" + plan.get("id").asText() + "/approve", null);
    assertEquals(409, again.status(), again::toString);
  }

  @Test
  void restore_bringsARemovedTagBack_pullBitIdentical() {
    String repository = repository("restore");
    Image image = push(repository, "old");
    push(repository, "new");
    policy(repository, "[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}]");
    JsonNode plan = plan();
    assertEquals(200, client.post("/api/v1/retention/plans/" + plan.get("id").asText() + "/approve", null)
        .status());
    assertEquals(404, pull(repository, "old").status());

    JsonNode restorable = json(client.get("/api/v1/retention/restorable"));
    JsonNode tag = null;
    for (JsonNode entry : restorable) {
      if (entry.get("repository").asText().equals(repository) && "old".equals(entry.path("tag").asText(null))) {
        tag = entry;
      }
    }
    assertNotNull(tag, restorable::toString);
    assertTrue(tag.get("restorableUntil").asText().compareTo(tag.get("removedAt").asText()) > 0);

    Response restored = client.post("/api/v1/retention/restorable/" + tag.get("id").asLong(), null);
    assertEquals(200, restored.status(), restored::toString);
    Response pulled = pull(repository, "old");
    assertEquals(200, pulled.status(), pulled::toString);
    assertArrayEquals(image.manifest(), pulled.body());
    Response layer = client.get("/v2/" + repository + "/blobs/" + image.layer());
    assertEquals(200, layer.status());
    assertArrayEquals(image.layerBytes(), layer.body());
    assertEquals(404, client.post("/api/v1/retention/restorable/" + tag.get("id").asLong(), null).status());
  }

  @Test
  void doiImageAndLegalHold_areListedAsProtectedWithTheirReason_andNeverCandidates() {
    String repository = repository("cited");
    Image cited = push(repository, "paper");
    push(repository, "held");
    push(repository, "scratch");
    Response doi = client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\""
        + cited.digest() + "\"}"), "Content-Type", "application/json");
    assertEquals(201, doi.status(), doi::toString);
    Response hold = client.post("/api/v1/retention/holds", body("{\"repository\":\"" + repository
        + "\",\"reference\":\"held\",\"reason\":\"ethics review 2026-41\"}"), "Content-Type", "application/json");
    assertEquals(201, hold.status(), hold::toString);
    policy(repository, "[{\"rule\":\"removeTags\",\"pattern\":\"*\"}]");

    JsonNode plan = plan();

    Map<String, String> protectedItems = new TreeMap<>();
    Map<String, String> candidates = new TreeMap<>();
    plan.get("items").forEach(item -> {
      if (item.get("repository").asText().equals(repository)) {
        (item.get("action").asText().equals("protected") ? protectedItems : candidates)
            .put(item.path("tag").asText(item.get("digest").asText()), item.get("reason").asText());
      }
    });
    assertTrue(protectedItems.get("paper").contains("DOI"), protectedItems::toString);
    assertTrue(protectedItems.get(cited.digest().toString()).contains("DOI"), protectedItems::toString);
    assertTrue(protectedItems.get("held").contains("ethics review 2026-41"), protectedItems::toString);
    assertEquals(List.of("scratch"), candidates.keySet().stream().filter(k -> !k.startsWith("sha256:")).toList());
    assertEquals(204, client.delete(hold.header("Location").orElseThrow()).status());
  }

  @Test
  void scheduledRuns_planWhenDue_executeOnlyWithAutoApprove_andStartOnce() {
    String waiting = repository("sched-wait");
    String automatic = repository("sched-auto");
    push(waiting, "old");
    push(waiting, "new");
    push(automatic, "old");
    push(automatic, "new");
    long waitingPolicy = scheduledPolicy(waiting, "0 0 3 * * *", false);
    long automaticPolicy = scheduledPolicy(automatic, "1h", true);

    schedule.queueDueRuns(); // neither schedule has come round since the policies were made
    assertEquals(List.of(), jobs.list(RetentionSchedule.KIND, null, "policy-" + waitingPolicy + "-", 10));
    assertEquals(List.of(), jobs.list(RetentionSchedule.KIND, null, "policy-" + automaticPolicy + "-", 10));

    clock.advance(Duration.ofHours(25)); // past 03:00 and more than an hour on
    schedule.queueDueRuns();
    schedule.queueDueRuns(); // still the same due runs: not queued twice
    JobStatus waitingRun = finishedRun(waitingPolicy);
    JobStatus automaticRun = finishedRun(automaticPolicy);
    assertTrue(waitingRun.result().contains("waiting for a curator's approval"), waitingRun::toString);
    assertTrue(automaticRun.result().contains("executed without approval"), automaticRun::toString);

    JsonNode waitingPlan = scheduledPlan(waitingPolicy);
    assertEquals("planned", waitingPlan.get("state").asText(), waitingPlan::toString);
    assertEquals("schedule", waitingPlan.get("createdBy").asText());
    assertEquals(2, waitingPlan.get("summary").get("candidates").asInt(), waitingPlan::toString); // old + manifest
    waitingPlan.get("items").forEach(item -> assertEquals(waiting, item.get("repository").asText(), item::toString));
    assertEquals(200, pull(waiting, "old").status());

    JsonNode automaticPlan = scheduledPlan(automaticPolicy);
    assertEquals("executed", automaticPlan.get("state").asText(), automaticPlan::toString);
    assertEquals(2, automaticPlan.get("summary").get("removed").asInt(), automaticPlan::toString);
    assertEquals(404, pull(automatic, "old").status());
    assertEquals(200, pull(automatic, "new").status());
    assertTrue(audit.entries(null, null, "tag.delete", 100).stream().anyMatch(e -> e.target().equals(automatic
        + ":old") && e.actor().equals(RetentionSchedule.ACTOR + RetentionRuns.ACTOR_SUFFIX)));
    assertTrue(json(client.get("/api/v1/retention/restorable")).findValuesAsText("repository").contains(automatic));

    // An instance that read the schedule before another one took the run cannot take it again.
    assertEquals(false, retention.claimScheduledRun(automaticPolicy, null, clock.instant()));
  }

  @Test
  void scheduleThatIsNotOne_isAnswered400() {
    Response bad = client.post("/api/v1/retention/policies", body("{\"pattern\":\"lab/**\",\"rules\":"
        + "[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}],\"schedule\":\"nightly\"}"),
        "Content-Type", "application/json");
    assertEquals(400, bad.status(), bad::toString);
    assertTrue(bad.text().contains("cron expression"), bad.text());
    Response unscheduled = client.post("/api/v1/retention/policies", body("{\"pattern\":\"lab/**\",\"rules\":"
        + "[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}],\"autoApprove\":true}"),
        "Content-Type", "application/json");
    assertEquals(400, unscheduled.status(), unscheduled::toString);
    assertTrue(unscheduled.text().contains("schedule"), unscheduled.text());
  }

  long scheduledPolicy(String repository, String schedule, boolean autoApprove) {
    Response created = client.post("/api/v1/retention/policies", body("{\"pattern\":\"" + repository
        + "\",\"rules\":[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}],\"schedule\":\"" + schedule
        + "\",\"autoApprove\":" + autoApprove + "}"), "Content-Type", "application/json");
    assertEquals(201, created.status(), created::toString);
    policies.add(created.header("Location").orElseThrow());
    JsonNode policy = json(created);
    assertEquals(schedule, policy.get("schedule").asText());
    assertEquals(autoApprove, policy.get("autoApprove").asBoolean());
    return policy.get("id").asLong();
  }

  JobStatus finishedRun(long policyId) {
    Await.until(Duration.ofMinutes(1), "the scheduled retention run of policy " + policyId, () -> {
      List<JobStatus> runs = jobs.list(RetentionSchedule.KIND, null, "policy-" + policyId + "-", 10);
      return runs.size() == 1 && runs.get(0).state() == JobState.DONE;
    });
    List<JobStatus> runs = jobs.list(RetentionSchedule.KIND, null, "policy-" + policyId + "-", 10);
    assertEquals(1, runs.size(), runs::toString);
    return runs.get(0);
  }

  JsonNode scheduledPlan(long policyId) {
    List<String> ids = new ArrayList<>();
    json(client.get("/api/v1/retention/plans")).forEach(plan -> {
      if (plan.path("policy").asLong(-1) == policyId) {
        ids.add(plan.get("id").asText());
      }
    });
    assertEquals(1, ids.size(), ids::toString);
    return json(client.get("/api/v1/retention/plans/" + ids.get(0)));
  }

  @Test
  void badPolicy_isAnswered400WithAMessageAPersonUnderstands() {
    Response unknown = client.post("/api/v1/retention/policies", body("{\"pattern\":\"lab/**\",\"rules\":"
        + "[{\"rule\":\"keepForever\"}]}"), "Content-Type", "application/json");
    assertEquals(400, unknown.status(), unknown::toString);
    assertTrue(unknown.text().contains("unknown rule \\\"keepForever\\\""), unknown.text());
    Response duration = client.post("/api/v1/retention/policies", body("{\"pattern\":\"lab/**\",\"rules\":"
        + "[{\"rule\":\"keepPushedWithin\",\"within\":\"a month\"}]}"), "Content-Type", "application/json");
    assertEquals(400, duration.status(), duration::toString);
    assertTrue(duration.text().contains("30d"), duration.text());
    assertEquals(404, client.post("/api/v1/retention/plans/nope/approve", null).status());
  }

  /** Every stored file but the database's own, by path, with its digest. */
  Map<String, String> storage() throws IOException {
    Map<String, String> files = new TreeMap<>();
    Path root = Path.of(dataDir);
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString();
        if (!name.startsWith("db")) {
          files.put(name, Digest.sha256(Files.readAllBytes(file)).toString());
        }
      }
    }
    return files;
  }

  /** Every row of the registry's content tables, as text. */
  Map<String, String> registryTables() {
    return database.read(this::registryTables);
  }

  Map<String, String> registryTables(Connection c) throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    try (Statement s = c.createStatement()) {
      for (String table : List.of("repository", "blob", "blob_link", "manifest", "manifest_reference", "tag",
          "blob_upload", "doi", "job")) {
        StringBuilder rows = new StringBuilder();
        try (ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2")) {
          ResultSetMetaData meta = r.getMetaData();
          while (r.next()) {
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = r.getObject(i);
              rows.append(value instanceof byte[] bytes ? Digest.sha256(bytes).toString() : String.valueOf(value))
                  .append('|');
            }
            rows.append('\n');
          }
        }
        tables.put(table, rows.toString());
      }
    }
    return tables;
  }

  static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode json(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(response.toString(), e);
    }
  }
}
