package org.arca.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.Platform;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.search.ReindexJob;
import org.arca.search.image.ImageFlags;
import org.arca.search.query.SearchHit;
import org.arca.search.query.SearchRequest;
import org.arca.search.query.SearchResult;
import org.arca.search.query.Visibility;
import org.arca.search.recipe.RecipeKind;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.OciImages;
import org.arca.search.testing.SearchHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexLifecycleTest {
  private static final RepositoryName SAMTOOLS = RepositoryName.parse("tools/samtools");
  private static final RepositoryName BWA = RepositoryName.parse("lab/bwa");
  private static final String[] SNAPSHOT_QUERIES = {"", "samtools", "package:samtools", "tag:latest", "arch:arm64",
      "recipe:dockerfile", "base:debian", "has:sif", "license:MIT", "alignment"};

  @TempDir
  Path dir;

  private static String dpkg(String... nameVersions) {
    StringBuilder status = new StringBuilder();
    for (int i = 0; i < nameVersions.length; i += 2) {
      status.append("Package: ").append(nameVersions[i]).append("\nStatus: install ok installed\nVersion: ")
          .append(nameVersions[i + 1]).append("\n\n");
    }
    return status.toString();
  }

  private static OciImages.Image samtools(String version) {
    return OciImages.image()
        .layer(OciImages.layer().file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2+b2")))
        .layer(OciImages.layer().file("var/lib/dpkg/status", dpkg("bash", "5.2.15-2+b2", "samtools", version + "-1"))
            .file("opt/samtools/README.md", "Samtools reads and writes sequence alignment files in SAM and BAM."))
        .label("software", "samtools").label("software.version", version)
        .label("about.summary", "Tools for manipulating next-generation sequencing data")
        .label("about.license", "SPDX:MIT")
        .history("/bin/sh -c apt-get install -y samtools=" + version + "-1");
  }

  private static OciImages.Image bwa() {
    return OciImages.image().compression(OciImages.Compression.ZSTD)
        .layer(OciImages.layer().file("opt/conda/conda-meta/bwa-0.7.17-h1.json",
            "{\"name\":\"bwa\",\"version\":\"0.7.17\",\"files\":[]}"))
        .label("org.opencontainers.image.title", "BWA")
        .label("org.opencontainers.image.description", "Burrows-Wheeler aligner for short reads")
        .label("org.opencontainers.image.licenses", "GPL-3.0-only");
  }

  private static Digest digestOf(byte[] manifest) {
    return Digest.sha256(manifest);
  }

  /** What a set of searches returns, in a form two indexes can be compared by. */
  private static Map<String, Object> snapshot(SearchHarness harness) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    for (String query : SNAPSHOT_QUERIES) {
      SearchResult result = harness.searcher.search(new SearchRequest(query, 1, 100, null));
      List<String> hits = new ArrayList<>();
      for (SearchHit hit : result.hits()) {
        hits.add(hit.repository() + "@" + hit.digest() + " " + hit.tags() + " " + hit.title() + " " + hit.highlights());
      }
      if (!query.isEmpty() && !query.contains(":")) {
        hits.sort(String::compareTo); // equal scores may tie-break differently across segment layouts
      }
      snapshot.put(query, List.of(result.total(), hits, result.facets()));
    }
    return snapshot;
  }

  private static Map<String, Object> fromScratch(FakeRegistry registry, Path dir) throws Exception {
    try (SearchHarness fresh = new SearchHarness(registry, dir)) {
      fresh.indexer.rebuild().get(2, TimeUnit.MINUTES);
      fresh.awaitIdle();
      return snapshot(fresh);
    }
  }

  @Test
  void push_indexesLabelsPackagesHistoryAndDocumentation() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      harness.publish(samtools("1.17").push(registry, SAMTOOLS, "1.17"));
      harness.publish(bwa().push(registry, BWA, "0.7.17"));
      harness.awaitIdle();

      SearchResult byPackage = harness.search("package:samtools@1.17");
      assertEquals(1, byPackage.total());
      SearchHit hit = byPackage.hits().get(0);
      assertEquals("tools/samtools", hit.repository());
      assertEquals("1.17", hit.tag());
      assertEquals("samtools 1.17-1 (deb)", hit.highlights().get("package"));
      assertEquals("Tools for manipulating next-generation sequencing data", hit.summary());

      assertEquals(1, harness.search("package:bwa@0.7").total(), "zstd layer with conda-meta");
      assertEquals(2, harness.search("package:bash").total() + harness.search("package:bwa").total());
      assertEquals(1, harness.search("label:software=samtools").total());
      assertEquals(1, harness.search("label:about.summary").total());
      assertEquals(1, harness.search("license:MIT").total());
      assertEquals(1, harness.search("license:GPL-3").total());
      assertEquals("lab/bwa", harness.search("\"Burrows-Wheeler aligner\"").hits().get(0).repository());
      assertEquals("tools/samtools", harness.search("\"BAM\" writes").hits().get(0).repository(), "README text");
      assertEquals(1, harness.search("\"apt-get install -y samtools\"").total(), "history");
      assertEquals(2, harness.search("arch:amd64").total());
      assertEquals(1, harness.search("-package:bash").total());
      assertEquals(List.of(new org.arca.search.query.FacetValue("GPL-3.0-only", 1),
          new org.arca.search.query.FacetValue("MIT", 1)), harness.search("").facets().get("license"));
      assertEquals(List.of("samtools"), harness.searcher.suggest("sam", null, 10));
    }
  }

  @Test
  void tagMoveAndDeletions_sameResultsAsIndexingFromScratch() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    Map<String, Object> incremental;
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("incremental"))) {
      byte[] old = samtools("1.16").manifest(registry);
      harness.publish(registry.push(SAMTOOLS, "1.16", MediaTypes.OCI_MANIFEST, old));
      harness.publish(registry.tag(SAMTOOLS, "latest", digestOf(old)));
      byte[] current = samtools("1.17").manifest(registry);
      harness.publish(registry.push(SAMTOOLS, "1.17", MediaTypes.OCI_MANIFEST, current));
      harness.publish(bwa().push(registry, BWA, "0.7.17"));
      harness.awaitIdle();
      assertEquals(digestOf(old).toString(), harness.search("tag:latest").hits().get(0).digest());

      harness.publish(registry.tag(SAMTOOLS, "latest", digestOf(current)));
      harness.awaitIdle();
      SearchResult latest = harness.search("tag:latest");
      assertEquals(1, latest.total());
      assertEquals(digestOf(current).toString(), latest.hits().get(0).digest());
      assertEquals(List.of("latest", "1.17"), latest.hits().get(0).tags());

      harness.publish(registry.deleteTag(SAMTOOLS, "1.16"));
      harness.publish(registry.deleteManifest(BWA, digestOf(bwa().manifest(registry))));
      harness.awaitIdle();
      assertEquals(0, harness.search("repo:lab/bwa").total());
      assertEquals(2, harness.search("repo:tools/samtools").total(), "an untagged image stays findable");
      assertEquals(0, harness.search("tag:1.16").total());
      incremental = snapshot(harness);

      // a rebuild of the same index changes nothing
      harness.indexer.rebuild().get(2, TimeUnit.MINUTES);
      harness.awaitIdle();
      assertEquals(incremental, snapshot(harness));
    }
    assertEquals(incremental, fromScratch(registry, dir.resolve("scratch")));
  }

  @Test
  void recipeAttachedAndRemoved_subjectDocumentFollows() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      byte[] image = bwa().manifest(registry);
      harness.publish(registry.push(BWA, "0.7.17", MediaTypes.OCI_MANIFEST, image));
      byte[] dockerfile = """
          FROM debian:bookworm-slim
          LABEL about.tags="field::biology:bioinformatics, use::mapping"
          RUN apt-get update && apt-get install -y bwa=0.7.17-7 && rm -rf /var/lib/apt/lists/*
          """.getBytes(StandardCharsets.UTF_8);
      List<RegistryEvent> attached = OciImages.attach(registry, BWA, image, RecipeKind.DOCKERFILE.artifactType(),
          "Dockerfile", dockerfile);
      harness.publish(attached);
      // a recipe of a kind to detect, attached with the generic type and no file name
      harness.publish(OciImages.attach(registry, BWA, image, RecipeKind.GENERIC_ARTIFACT_TYPE, null,
          "Bootstrap: docker\nFrom: debian:bookworm-slim\n%post\n  apt-get install -y samtools\n"
              .getBytes(StandardCharsets.UTF_8)));
      harness.awaitIdle();

      assertEquals(1, harness.search("recipe:dockerfile").total());
      assertEquals(1, harness.search("recipe:singularity").total());
      assertEquals(1, harness.search("base:debian").total());
      assertEquals(1, harness.search("base:debian:bookworm-slim").total());
      assertEquals(1, harness.search("package:bwa@0.7.17").total());
      assertEquals(1, harness.search("package:samtools").total());
      assertEquals(1, harness.search("has:recipe").total());
      assertEquals("lab/bwa", harness.search("mapping").hits().get(0).repository());
      assertEquals(1, harness.search("").total(), "artifacts are not images of their own");

      Digest dockerfileArtifact = ((org.arca.core.event.ManifestPushed) attached.get(0)).digest();
      harness.publish(registry.deleteManifest(BWA, dockerfileArtifact));
      harness.awaitIdle();
      assertEquals(0, harness.search("recipe:dockerfile").total());
      assertEquals(0, harness.search("package:bwa@0.7.17-7").total());
      assertEquals(1, harness.search("recipe:singularity").total());
    }
  }

  @Test
  void imageIndex_indexedOnceWithEveryPlatform() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      byte[] amd64 = samtools("1.17").manifest(registry);
      byte[] arm64 = samtools("1.17").architecture("arm64")
          .layer(OciImages.layer().file("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\n")).manifest(registry);
      harness.publish(registry.push(SAMTOOLS, null, MediaTypes.OCI_MANIFEST, amd64));
      harness.publish(registry.push(SAMTOOLS, null, MediaTypes.OCI_MANIFEST, arm64));
      Map<Platform, byte[]> platforms = new LinkedHashMap<>();
      platforms.put(new Platform("linux", "amd64"), amd64);
      platforms.put(new Platform("linux", "arm64"), arm64);
      byte[] index = OciImages.index(registry, SAMTOOLS, platforms);
      harness.publish(registry.push(SAMTOOLS, "1.17", MediaTypes.OCI_INDEX, index));
      harness.awaitIdle();

      SearchResult all = harness.search("");
      assertEquals(1, all.total(), "platform images are found through their index");
      assertEquals(digestOf(index).toString(), all.hits().get(0).digest());
      assertEquals(1, harness.search("arch:arm64").total());
      assertEquals(1, harness.search("arch:amd64 package:musl package:samtools@1.17").total());
      assertEquals(2, all.facets().get("arch").size());

      // attaching a recipe to a platform image updates the index's document
      harness.publish(OciImages.attach(registry, SAMTOOLS, arm64, RecipeKind.PIP_REQUIREMENTS.artifactType(),
          "requirements.txt", "pysam==0.22.0\n".getBytes(StandardCharsets.UTF_8)));
      harness.awaitIdle();
      assertEquals(digestOf(index).toString(), harness.search("package:pysam@0.22").hits().get(0).digest());

      harness.publish(registry.deleteManifest(SAMTOOLS, digestOf(index)));
      harness.awaitIdle();
      assertEquals(2, harness.search("").total(), "without their index, platform images are images again");
    }
  }

  @Test
  void restart_indexSurvivesAndOtherFormatIsRebuilt() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    Path path = dir.resolve("index");
    try (SearchHarness harness = new SearchHarness(registry, path)) {
      harness.awaitIdle();
      harness.publish(samtools("1.17").push(registry, SAMTOOLS, "1.17"));
      harness.awaitIdle();
    }
    try (SearchHarness reopened = new SearchHarness(registry, path)) {
      assertFalse(reopened.index.needsRebuild());
      assertEquals(1, reopened.search("samtools").total());
    }
    // an index written by another version of the format
    try (FSDirectory directory = FSDirectory.open(path);
        IndexWriter writer = new IndexWriter(directory,
            new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
      writer.setLiveCommitData(Map.of(SearchIndex.FORMAT_KEY, "0").entrySet());
      writer.commit();
    }
    registry.deleteManifest(SAMTOOLS, digestOf(samtools("1.17").manifest(registry)));
    bwa().push(registry, BWA, "0.7.17");
    try (SearchHarness rebuilt = new SearchHarness(registry, path)) {
      assertTrue(rebuilt.index.needsRebuild());
      rebuilt.awaitIdle();
      assertEquals(0, rebuilt.search("samtools").total());
      assertEquals(1, rebuilt.search("bwa").total());
    }
  }

  @Test
  void queueOverflow_repositoriesReconciledInstead() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"), List.of(), 1)) {
      harness.awaitIdle();
      List<RegistryEvent> events = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        events.addAll(samtools("1." + i).push(registry, SAMTOOLS, "1." + i));
      }
      events.addAll(bwa().push(registry, BWA, "0.7.17"));
      harness.publish(events);
      harness.awaitIdle();
      assertEquals(9, harness.search("").total());
      assertEquals(1, harness.search("tag:1.7 package:samtools@1.7").total());
    }
  }

  @Test
  void reindexJob_repositoryChangedByAnotherProcess_indexedWithoutItsEvents() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      harness.awaitIdle();
      // a management command pushed these: its events never reached this indexer
      samtools("1.17").push(registry, SAMTOOLS, "1.17");
      samtools("1.18").push(registry, SAMTOOLS, "1.18");
      assertEquals(0, harness.search("samtools").total());

      new ReindexJob(harness.indexer).run(SAMTOOLS.value(), "");
      harness.awaitIdle();
      assertEquals(2, harness.search("samtools").total());
      assertTrue(harness.indexer.status().idle(), harness.indexer.status().toString());
    }
  }

  /** Indexes samtools 1.17 and bwa; returns samtools' manifest. */
  private static byte[] pushSamtoolsAndBwa(FakeRegistry registry, SearchHarness harness) {
    byte[] image = samtools("1.17").manifest(registry);
    harness.publish(registry.push(SAMTOOLS, "1.17", MediaTypes.OCI_MANIFEST, image));
    harness.publish(bwa().push(registry, BWA, "0.7.17"));
    harness.awaitIdle();
    return image;
  }

  /** A harness whose one enricher answers each image's flags from {@code flags} (keyed by image id), NONE else. */
  private SearchHarness harnessWithFlags(FakeRegistry registry, Map<String, ImageFlags> flags) throws Exception {
    IndexEnricher enricher = image -> flags.getOrDefault(image.id(), ImageFlags.NONE);
    return new SearchHarness(registry, dir.resolve("index"), List.of(enricher), 100);
  }

  @Test
  void enrichersAndSifReferrers_setFlagsAndFacets() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    Map<String, ImageFlags> flags = new java.util.concurrent.ConcurrentHashMap<>();
    try (SearchHarness harness = harnessWithFlags(registry, flags)) {
      byte[] image = pushSamtoolsAndBwa(registry, harness);
      assertEquals(0, harness.search("has:doi").total());

      flags.put(SAMTOOLS + "@" + digestOf(image), new ImageFlags("10.5072/arca.1", false, true));
      harness.indexer.refresh(SAMTOOLS, digestOf(image));
      harness.publish(OciImages.attach(registry, BWA, bwa().manifest(registry),
          "application/vnd.sylabs.sif.config.v1+json", "bwa.sif", new byte[] {1, 2, 3}));
      harness.awaitIdle();
      assertEquals("tools/samtools", harness.search("has:doi is:vetted").hits().get(0).repository());
      assertEquals("lab/bwa", harness.search("has:sif").hits().get(0).repository());
      SearchResult all = harness.search("");
      assertEquals(List.of(new org.arca.search.query.FacetValue("false", 1),
          new org.arca.search.query.FacetValue("true", 1)), sorted(all.facets().get("hasDoi")));
      assertEquals(List.of(new org.arca.search.query.FacetValue("false", 1),
          new org.arca.search.query.FacetValue("true", 1)), sorted(all.facets().get("hasSif")));
    }
  }

  @Test
  void citedImage_hitCarriesItsDoi_andShowsTheCitedTagRatherThanATagAddedLater() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    Map<String, ImageFlags> flags = new java.util.concurrent.ConcurrentHashMap<>();
    try (SearchHarness harness = harnessWithFlags(registry, flags)) {
      byte[] image = pushSamtoolsAndBwa(registry, harness);
      flags.put(SAMTOOLS + "@" + digestOf(image), ImageFlags.cited("10.5072/arca.1", "1.17"));
      harness.publish(registry.push(SAMTOOLS, "latest", MediaTypes.OCI_MANIFEST, image));
      harness.awaitIdle();
      SearchHit hit = harness.search("samtools").hits().get(0);
      assertEquals(List.of("latest", "1.17"), hit.tags());
      assertEquals("1.17", hit.tag(), "the version the DOI cites, not latest");
      assertEquals("10.5072/arca.1", hit.doi());
      assertNull(harness.search("bwa").hits().get(0).doi());
    }
  }

  @Test
  void withdrawnFlag_hidesTheImageFromHitsFacetsAndSuggestions_untilItIsCleared() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    Map<String, ImageFlags> flags = new java.util.concurrent.ConcurrentHashMap<>();
    try (SearchHarness harness = harnessWithFlags(registry, flags)) {
      byte[] image = pushSamtoolsAndBwa(registry, harness);
      assertEquals(1, harness.search("samtools").total());
      assertEquals(List.of("samtools"), harness.searcher.suggest("samt", null, 10));

      flags.put(SAMTOOLS + "@" + digestOf(image), ImageFlags.WITHDRAWN);
      harness.indexer.refresh(SAMTOOLS, digestOf(image));
      harness.awaitIdle();
      assertEquals(0, harness.search("samtools").total());
      SearchResult all = harness.search("");
      assertEquals(1, all.total());
      assertEquals("lab/bwa", all.hits().get(0).repository());
      assertEquals(List.of(new org.arca.search.query.FacetValue("GPL-3.0-only", 1)), all.facets().get("license"));
      assertEquals(List.of(), harness.searcher.suggest("samt", null, 10));
      assertEquals(0, harness.searcher.search(new SearchRequest("samtools", 1, 10,
          Visibility.repositories(List.of(SAMTOOLS)))).total(), "a visibility filter does not bring it back");

      flags.remove(SAMTOOLS + "@" + digestOf(image));
      harness.indexer.refresh(SAMTOOLS, digestOf(image));
      harness.awaitIdle();
      assertEquals(1, harness.search("samtools").total());
      assertEquals(2, harness.search("").total());
    }
  }

  private static List<org.arca.search.query.FacetValue> sorted(List<org.arca.search.query.FacetValue> values) {
    return values.stream().sorted(java.util.Comparator.comparing(org.arca.search.query.FacetValue::value)).toList();
  }

  @Test
  void visibilityFilter_restrictsHitsFacetsAndSuggestions() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      harness.publish(samtools("1.17").push(registry, SAMTOOLS, "1.17"));
      harness.publish(bwa().push(registry, BWA, "0.7.17"));
      harness.awaitIdle();
      var onlyLab = Visibility.namespaces(List.of("lab"));
      SearchResult result = harness.searcher.search(new SearchRequest("", 1, 10, onlyLab));
      assertEquals(1, result.total());
      assertEquals("lab/bwa", result.hits().get(0).repository());
      assertEquals(List.of(new org.arca.search.query.FacetValue("GPL-3.0-only", 1)), result.facets().get("license"));
      assertEquals(0, harness.searcher.search(new SearchRequest("samtools", 1, 10, onlyLab)).total());
      assertEquals(List.of(), harness.searcher.suggest("sam", onlyLab, 10));
      assertEquals(1, harness.searcher.search(new SearchRequest("samtools", 1, 10,
          Visibility.repositories(List.of(SAMTOOLS)))).total());
    }
  }
}
