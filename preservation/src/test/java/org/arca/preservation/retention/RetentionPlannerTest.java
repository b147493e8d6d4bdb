package org.arca.preservation.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.arca.core.Digest;
import org.arca.core.Glob;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;
import org.arca.preservation.retention.PlanItem.Action;
import org.arca.preservation.retention.RetentionInventory.Contents;
import org.arca.preservation.retention.RetentionInventory.ManifestFacts;
import org.arca.preservation.retention.RetentionInventory.TagFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule and their combinations over one repository, as a table: the rules (JSON, as a curator writes them) and
 * which tags and manifests the plan removes. The repository: tags {@code v1}..{@code v4} pushed 40, 30, 20 and 10
 * days ago on images 1..4; {@code v1} pulled 1 day ago, {@code v3} 15 days ago; {@code pr-7} pushed 5 days ago on
 * image 5, whose label made it expire after 3 days; an untagged image 6 pushed 50 days ago and pulled by digest 2
 * days ago; an untagged image 7 pushed 60 days ago and never pulled.
 */
class RetentionPlannerTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final RepositoryName REPO = RepositoryName.parse("lab/tool");

  static Digest image(int n) {
    return Digest.sha256(("image " + n).getBytes(StandardCharsets.UTF_8));
  }

  static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  static ManifestFacts manifest(int n, int pushedDaysAgo, Integer pulledDaysAgo, Instant expiresAt,
      List<Digest> children, Digest subject) {
    Digest layer = Digest.sha256(("layer " + n).getBytes(StandardCharsets.UTF_8));
    return new ManifestFacts(image(n), MediaTypes.OCI_MANIFEST, 500, daysAgo(pushedDaysAgo),
        pulledDaysAgo == null ? null : daysAgo(pulledDaysAgo), children, subject, Map.of(layer, 1000L), expiresAt);
  }

  static Contents repository() {
    return new Contents(REPO,
        List.of(new TagFacts("v1", image(1), daysAgo(40), daysAgo(1)),
            new TagFacts("v2", image(2), daysAgo(30), null),
            new TagFacts("v3", image(3), daysAgo(20), daysAgo(15)),
            new TagFacts("v4", image(4), daysAgo(10), null),
            new TagFacts("pr-7", image(5), daysAgo(5), null)),
        List.of(manifest(1, 40, 1, null, List.of(), null), manifest(2, 30, null, null, List.of(), null),
            manifest(3, 20, null, null, List.of(), null), manifest(4, 10, null, null, List.of(), null),
            manifest(5, 5, null, daysAgo(2), List.of(), null), manifest(6, 50, 2, null, List.of(), null),
            manifest(7, 60, null, null, List.of(), null)));
  }

  /** The rows of {@code rule-table.tsv}: rules, removed tags, removed manifests by image number. */
  static Stream<Arguments> table() throws IOException {
    try (InputStream in = RetentionPlannerTest.class.getResourceAsStream("rule-table.tsv")) {
      return rows(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream();
    }
  }

  /** The table's rows as arguments; registry-server's RetentionRuleTableContract reads the same file. */
  static List<Arguments> rows(String table) {
    List<Arguments> rows = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] columns = line.split("\t");
      rows.add(Arguments.of(columns[0], columns[1].equals("-") ? "" : columns[1],
          columns[2].equals("-") ? "" : columns[2]));
    }
    return rows;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachRuleAndCombination_removesExactlyTheExpectedTagsAndManifests(String rules, String tags, String images) {
    List<PlanItem> items = planner(Protections.NONE).plan(repository(), parse(rules), NOW);
    assertEquals(tags.isEmpty() ? Set.of() : new TreeSet<>(List.of(tags.split(" "))), removedTags(items), rules);
    assertEquals(digests(images), removedManifests(items), rules);
  }

  @Test
  void repositoryNoPolicyMatches_keepsEverything() {
    RetentionInventory inventory = new RetentionInventory() {
      public List<RepositoryName> repositories() {
        return List.of(REPO);
      }

      public Contents contents(RepositoryName repository) {
        return repository();
      }
    };
    RetentionPolicy other = new RetentionPolicy(1, new Glob("other/**"), parse("[{\"rule\":\"removeTags\","
        + "\"pattern\":\"*\"}]"));
    assertEquals(List.of(), new RetentionPlanner(inventory, Protections.NONE, Clock.fixed(NOW, ZoneOffset.UTC))
        .plan(List.of(other)));
    RetentionPolicy matching = new RetentionPolicy(2, new Glob("lab/*"), other.rules());
    assertEquals(5, new RetentionPlanner(inventory, Protections.NONE, Clock.fixed(NOW, ZoneOffset.UTC))
        .plan(List.of(other, matching)).stream().filter(PlanItem::isTag).count());
  }

  @Test
  void protectedManifest_isListedAsProtectedWithItsReason_andNeverACandidate_norItsReferrersOrChildren() {
    // image 8 is an index listing image 1; image 9 is a SIF whose subject is image 8; image 8 has a DOI
    List<ManifestFacts> manifests = new ArrayList<>(repository().manifests());
    manifests.add(manifest(8, 45, null, null, List.of(image(1)), null));
    manifests.add(manifest(9, 45, null, null, List.of(), image(8)));
    List<TagFacts> tags = new ArrayList<>(repository().tags());
    tags.add(new TagFacts("cited", image(8), daysAgo(45), null));
    Contents contents = new Contents(REPO, tags, manifests);
    Protection doi = (repository, tag, digest) -> digest.equals(image(8))
        ? Optional.of("pinned by DOI 10.5072/arca.x") : Optional.empty();

    List<PlanItem> items = planner(doi).plan(contents, parse("[{\"rule\":\"removeTags\",\"pattern\":\"*\"},"
        + "{\"rule\":\"keepUntaggedCount\",\"count\":0}]"), NOW);

    assertEquals(new TreeSet<>(List.of("v2", "v3", "v4", "pr-7")), removedTags(items), "v1 is on a protected child");
    assertEquals(digests("2 3 4 5 6 7"), removedManifests(items), "image 1 stays: the protected index lists it");
    Set<String> protectedItems = new TreeSet<>();
    items.stream().filter(i -> i.action() == Action.PROTECTED)
        .forEach(i -> protectedItems.add((i.isTag() ? i.tag() : i.digest().toString()) + " " + i.reason()));
    assertEquals(new TreeSet<>(List.of("cited pinned by DOI 10.5072/arca.x",
        "v1 listed by the protected index " + image(8) + " (pinned by DOI 10.5072/arca.x)",
        image(8) + " pinned by DOI 10.5072/arca.x",
        image(1) + " listed by the protected index " + image(8) + " (pinned by DOI 10.5072/arca.x)",
        image(9) + " refers to the protected " + image(8) + " (pinned by DOI 10.5072/arca.x)")), protectedItems);
  }

  @Test
  void manifestGoes_onlyWhenNoTagIsLeft_andBytesCountSharedLayersOnce() {
    List<TagFacts> tags = List.of(new TagFacts("old", image(1), daysAgo(40), null),
        new TagFacts("stable", image(1), daysAgo(40), null), new TagFacts("new", image(2), daysAgo(1), null));
    Digest shared = Digest.sha256("shared".getBytes(StandardCharsets.UTF_8));
    List<ManifestFacts> manifests = List.of(
        new ManifestFacts(image(1), MediaTypes.OCI_MANIFEST, 500, daysAgo(40), null, List.of(), null,
            Map.of(shared, 7000L, image(11), 300L), null),
        new ManifestFacts(image(2), MediaTypes.OCI_MANIFEST, 600, daysAgo(1), null, List.of(), null,
            Map.of(shared, 7000L), null));
    Contents contents = new Contents(REPO, tags, manifests);

    List<PlanItem> onlyOld = planner(Protections.NONE).plan(contents,
        parse("[{\"rule\":\"removeTags\",\"pattern\":\"old\"}]"), NOW);
    assertEquals(Set.of("old"), removedTags(onlyOld));
    assertEquals(Set.of(), removedManifests(onlyOld), "stable still points at image 1");

    List<PlanItem> both = planner(Protections.NONE).plan(contents,
        parse("[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}]"), NOW);
    PlanItem manifest = both.stream().filter(i -> !i.isTag()).findFirst().orElseThrow();
    assertEquals(image(1), manifest.digest());
    assertEquals(500 + 300, manifest.bytes(), "the shared layer stays referenced by image 2");
  }

  @Test
  void indexChildren_followTheirIndex() {
    List<ManifestFacts> manifests = List.of(manifest(1, 10, null, null, List.of(), null),
        manifest(2, 10, null, null, List.of(), null), manifest(3, 10, null, null, List.of(image(1), image(2)), null),
        manifest(4, 5, null, null, List.of(image(2)), null));
    Contents contents = new Contents(REPO, List.of(new TagFacts("old", image(3), daysAgo(10), null),
        new TagFacts("new", image(4), daysAgo(5), null)), manifests);
    List<PlanItem> items = planner(Protections.NONE).plan(contents,
        parse("[{\"rule\":\"removeTags\",\"pattern\":\"old\"}]"), NOW);
    assertEquals(digests("3 1"), removedManifests(items), "image 2 stays: the kept index 4 lists it");
  }

  static RetentionPlanner planner(Protection protection) {
    return new RetentionPlanner(null, protection, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static List<Rule> parse(String json) {
    List<Rule> rules = new ArrayList<>();
    try {
      OciJson.MAPPER.readTree(json).forEach(node -> rules.add(Rule.parse(node)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return rules;
  }

  static Set<String> removedTags(List<PlanItem> items) {
    Set<String> tags = new TreeSet<>();
    items.stream().filter(i -> i.action() == Action.REMOVE && i.isTag()).forEach(i -> tags.add(i.tag()));
    return tags;
  }

  static Set<Digest> removedManifests(List<PlanItem> items) {
    Set<Digest> digests = new java.util.HashSet<>();
    items.stream().filter(i -> i.action() == Action.REMOVE && !i.isTag()).forEach(i -> digests.add(i.digest()));
    return digests;
  }

  static Set<Digest> digests(String numbers) {
    Set<Digest> digests = new java.util.HashSet<>();
    for (String n : numbers.isEmpty() ? new String[0] : numbers.split(" ")) {
      digests.add(image(Integer.parseInt(n)));
    }
    return digests;
  }

  /** Protections for tests. */
  static final class Protections {
    static final Protection NONE = (repository, tag, digest) -> Optional.empty();
  }
}
