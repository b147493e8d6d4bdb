package org.arca.registry.retention;

import static org.arca.registry.retention.RetentionContract.body;
import static org.arca.registry.retention.RetentionContract.json;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestClock;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every retention rule and their combinations, as a table, against a started server on each database: the planner's
 * own table ({@code preservation}'s {@code rule-table.tsv}, also run by {@code RetentionPlannerTest}) and repository,
 * but pushed, pulled and labelled over HTTP on a test clock, so that what planning reads comes from the database
 * (tag and manifest push times, pull statistics, the expiry label in an image's config) and the plan from
 * {@code /api/v1/retention}.
 *
 * <p>The repository, built by moving the clock forward: an untagged image 7 pushed 60 days ago and never pulled; an
 * untagged image 6 pushed 50 days ago and pulled by digest 2 days ago; tags {@code v1}..{@code v4} on images 1..4
 * pushed 40, 30, 20 and 10 days ago, {@code v1} pulled 1 day ago and {@code v3} 15 days ago; {@code pr-7} on image 5
 * pushed 5 days ago with the label {@code org.arca.expires-after=3d}. Planning never removes, so each row plans the
 * same repository under its own policy.
 */
abstract class RetentionRuleTableContract {
  static final Path TABLE = Path.of("..", "preservation", "src", "test", "resources", "org", "arca", "preservation",
      "retention", "rule-table.tsv");

  @Inject
  EmbeddedServer server;
  @Inject
  TestClock clock;

  OciClient client;
  final String repository = TestImages.repository("rules");
  final Map<Integer, Digest> images = new HashMap<>();

  @BeforeAll
  void pushTheRepository() {
    client = new OciClient(URI.create(server.getURL().toString()));
    images.put(7, push(null, null));
    days(10);
    images.put(6, push(null, null));
    days(10);
    images.put(1, push("v1", null));
    days(10);
    images.put(2, push("v2", null));
    days(10);
    images.put(3, push("v3", null));
    days(5);
    pull("v3");
    days(5);
    images.put(4, push("v4", null));
    days(5);
    images.put(5, push("pr-7", "3d"));
    days(3);
    pull(images.get(6).toString());
    days(1);
    pull("v1");
    days(1);
  }

  /** The planner's table, read from preservation's test resources (tests run in registry-server/). */
  static Stream<Arguments> table() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TABLE)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] columns = line.split("\t");
        rows.add(Arguments.of(columns[0], columns[1], columns[2]));
      }
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachRuleAndCombination_plansExactlyTheExpectedTagsAndManifests(String rules, String tags, String removed) {
    Response policy = client.post("/api/v1/retention/policies", body("{\"pattern\":\"" + repository
        + "\",\"rules\":" + rules + "}"), "Content-Type", "application/json");
    assertEquals(201, policy.status(), policy::toString);
    try {
      Response planned = client.post("/api/v1/retention/plans", null);
      assertEquals(201, planned.status(), planned::toString);
      Set<String> removedTags = new TreeSet<>();
      Set<Digest> removedManifests = new TreeSet<>(Comparator.comparing(Digest::toString));
      for (JsonNode item : json(planned).get("items")) {
        if (item.get("action").asText().equals("remove") && item.get("repository").asText().equals(repository)) {
          if (item.hasNonNull("tag")) {
            removedTags.add(item.get("tag").asText());
          } else {
            removedManifests.add(Digest.parse(item.get("digest").asText()));
          }
        }
      }
      assertEquals(words(tags), removedTags, rules);
      Set<Digest> expected = new TreeSet<>(Comparator.comparing(Digest::toString));
      words(removed).forEach(n -> expected.add(images.get(Integer.parseInt(n))));
      assertEquals(expected, removedManifests, rules);
    } finally {
      assertEquals(204, client.delete(policy.header("Location").orElseThrow()).status());
    }
  }

  /** The words of a table cell; "-" is none. */
  private static Set<String> words(String text) {
    return text.equals("-") ? Set.of() : new TreeSet<>(List.of(text.split(" ")));
  }

  private void days(int days) {
    clock.advance(Duration.ofDays(days));
  }

  private void pull(String reference) {
    assertEquals(200, client.get("/v2/" + repository + "/manifests/" + reference, "Accept",
        MediaTypes.OCI_MANIFEST).status());
  }

  /** An image with a random layer, under {@code tag} (null: by digest only), with an expiry label when given. */
  private Digest push(String tag, String expiresAfter) {
    byte[] layer = randomBytes(1000);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
        + "\"diff_ids\":[]},\"config\":{\"Labels\":{\"n\":\"" + System.nanoTime() + "\""
        + (expiresAfter == null ? "" : ",\"org.arca.expires-after\":\"" + expiresAfter + "\"") + "}}}")
        .getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, layer);
    client.pushBlob(repository, config);
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
    return client.pushManifest(repository, tag == null ? Digest.sha256(manifest).toString() : tag, manifest,
        MediaTypes.OCI_MANIFEST);
  }
}
