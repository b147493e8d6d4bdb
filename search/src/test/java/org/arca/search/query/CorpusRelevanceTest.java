package org.arca.search.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.arca.search.loader.RecipeFile;
import org.arca.search.recipe.RecipeKind;
import org.arca.search.testing.CorpusImages;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.SearchHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Search quality on the real recipe corpora (1,668 BioContainers Dockerfiles, 251 damona definition files), loaded
 * as the loader loads them. Expectations for field queries are computed from the recipe files themselves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusRelevanceTest {
  @TempDir
  static Path indexDir;
  private SearchHarness harness;
  private List<RecipeFile> files;

  @BeforeAll
  void indexCorpus() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    CorpusImages.load(registry);
    files = CorpusImages.all();
    harness = new SearchHarness(registry, indexDir);
    harness.indexer.rebuild().get(5, TimeUnit.MINUTES);
    harness.awaitIdle();
  }

  @AfterAll
  void close() throws Exception {
    harness.close();
  }

  private List<SearchHit> top(String query, int n) {
    return harness.searcher.search(new SearchRequest(query, 1, n, null)).hits();
  }

  private static String tool(SearchHit hit) {
    return hit.repository().substring(hit.repository().indexOf('/') + 1);
  }

  /** Every image a query finds, as repository:tag. */
  private Set<String> all(String query) {
    SearchResult first = harness.searcher.search(new SearchRequest(query, 1, 100, null));
    Set<String> found = new HashSet<>();
    for (int page = 1; (page - 1) * 100 < first.total(); page++) {
      for (SearchHit hit : harness.searcher.search(new SearchRequest(query, page, 100, null)).hits()) {
        found.add(hit.repository() + ":" + hit.tag());
      }
    }
    assertEquals(first.total(), found.size(), "total of " + query);
    return found;
  }

  /** Compares sets of images, naming only the differences when they differ. */
  private static void assertSameImages(Set<String> expected, Set<String> actual, String query) {
    Set<String> missing = new java.util.TreeSet<>(expected);
    missing.removeAll(actual);
    Set<String> extra = new java.util.TreeSet<>(actual);
    extra.removeAll(expected);
    assertTrue(missing.isEmpty() && extra.isEmpty(), query + ": missing " + missing + ", unexpected " + extra);
  }

  private Set<String> filesWhere(Predicate<RecipeFile> predicate) {
    return files.stream().filter(predicate).map(f -> f.repository() + ":" + f.tag()).collect(Collectors.toSet());
  }

  private static String text(RecipeFile file) {
    try {
      return Files.readString(file.path());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "name {0} comes first")
  @ValueSource(strings = {"samtools", "bwa", "bowtie2", "fastqc", "hmmer", "mafft", "trimmomatic", "spades",
      "bedtools", "bcftools", "minimap2", "infernal", "jellyfish", "salmon", "augustus", "raxml", "star", "multiqc"})
  void toolName_returnsThatToolFirst(String name) {
    List<SearchHit> hits = top(name, 3);
    assertFalse(hits.isEmpty(), name);
    assertEquals(name, tool(hits.get(0)), name + " -> " + hits);
  }

  @ParameterizedTest(name = "\"{0}\" finds {1}")
  @CsvSource({
      "RNA secondary structure, infernal",
      "detecting tRNA genes, aragorn",
      "k-mer counting, jellyfish",
      "quality control of sequencing reads, fastqc",
      "trimming Illumina reads, trimmomatic",
      "bacterial gene finder, prodigal",
      "a tool for quantifying transcripts from RNA-seq, salmon",
      "short read assembly with de Bruijn graphs, velvet",
      "hidden Markov model protein, hmmer",
      "arithmetic on genomes, bedtools",
      "predicting genes in eukaryotes, augustus",
      "Bayesian phylogenetics, beast2-mcmc",
      "building phylogenetic trees from alignments, fasttree",
      "manipulate BAM files, picard-tools",
      "variant calling, bcftools"})
  void wordsOfTheDescription_findTheToolInTopFive(String query, String expected) {
    List<SearchHit> hits = top(query, 5);
    assertTrue(hits.stream().anyMatch(h -> tool(h).equals(expected)), query + " -> " + hits);
  }

  @ParameterizedTest(name = "typo {0} finds {1}")
  @CsvSource({"samtols, samtools", "bowtei2, bowtie2", "trimomatic, trimmomatic", "jelyfish, jellyfish"})
  void typo_stillFindsTheToolFirst(String query, String expected) {
    assertEquals(expected, tool(top(query, 1).get(0)), query);
  }

  @Test
  void phrase_matchesWordsInOrderOnly() {
    List<SearchHit> hits = top("\"multiple sequence alignment\"", 100);
    assertFalse(hits.isEmpty());
    for (SearchHit hit : hits.subList(0, Math.min(5, hits.size()))) {
      assertTrue(String.valueOf(hit.summary()).toLowerCase(Locale.ROOT).contains("multiple sequence alignment")
          || hit.highlights().values().stream().anyMatch(h -> h.contains("<em>")), hit.toString());
    }
    assertTrue(harness.searcher.search(SearchRequest.of("\"alignment sequence multiple\"")).total()
        < harness.searcher.search(SearchRequest.of("\"multiple sequence alignment\"")).total());
  }

  @Test
  void repoField_exactlyThatRepository() {
    assertEquals(filesWhere(f -> f.repository().value().equals("biocontainers/samtools")),
        all("repo:biocontainers/samtools"));
    assertEquals(5, all("repo:biocontainers/samtools").size());
    assertSameImages(filesWhere(f -> f.repository().namespace().equals("damona")), all("repo:damona"), "repo:damona");
    assertSameImages(all("repo:damona"), all("repo:damona/*"), "repo:damona/*");
  }

  @Test
  void tagField_exactlyThatTag() {
    assertSameImages(filesWhere(f -> f.tag().equals("0.7.17")), all("tag:0.7.17"), "tag:0.7.17");
    assertEquals(Set.of("biocontainers/bwa:0.7.12", "biocontainers/bwa:0.7.13", "biocontainers/bwa:0.7.15",
        "biocontainers/bwa:0.7.17-3-deb"), all("repo:biocontainers/bwa -tag:0.7.17"));
  }

  @Test
  void labelField_exactlyTheImagesWithThatLabel() {
    Pattern software = Pattern.compile("(?i)\\bsoftware\\s*=\\s*\"?infernal\"?(\\s|\\\\|$)");
    assertSameImages(filesWhere(f -> software.matcher(text(f)).find()), all("label:software=infernal"), "label:software=infernal");
    Pattern licenseKey = Pattern.compile("(?m)about\\.license\\s*=");
    assertSameImages(filesWhere(f -> licenseKey.matcher(text(f)).find()), all("label:about.license"), "label:about.license");
  }

  @Test
  void licenseField_allSpellingsOfTheLicence() {
    Pattern label = Pattern.compile("about\\.license\\s*=\\s*\"([^\"]*)\"");
    Set<String> expected = filesWhere(f -> {
      Matcher m = label.matcher(text(f));
      String value = null;
      while (m.find()) {
        value = m.group(1); // the last LABEL wins, as in Docker
      }
      if (value == null) {
        return false;
      }
      for (String part : value.replaceFirst("(?i)^spdx:", "").split("\\s*[|,;]\\s*|\\s+(?i:or|and)\\s+")) {
        String p = part.strip().toLowerCase(Locale.ROOT);
        if (p.equals("mit") || p.equals("expat")) {
          return true;
        }
      }
      return false;
    });
    assertFalse(expected.isEmpty());
    assertSameImages(expected, all("license:MIT"), "license:MIT");
  }

  @Test
  void baseField_exactlyTheImagesBuiltFromThatBase() {
    Pattern singularity = Pattern.compile("(?im)^\\s*from:\\s*(docker://)?alpine(:\\S*)?\\s*$");
    Pattern docker = Pattern.compile("(?im)^FROM\\s+(--platform=\\S+\\s+)?alpine(:\\S*)?(\\s|$)");
    Set<String> expected = filesWhere(f -> f.kind() == RecipeKind.SINGULARITY
        ? singularity.matcher(text(f)).find() : docker.matcher(text(f)).find());
    assertFalse(expected.isEmpty());
    assertSameImages(expected, all("base:alpine"), "base:alpine");
    assertEquals(filesWhere(f -> text(f).contains("FROM biocontainers/biocontainers:v1.0.0_cv4")),
        all("base:biocontainers/biocontainers:v1.0.0_cv4"));
  }

  @Test
  void packageField_pinnedVersionExactly() {
    Pattern pinned = Pattern.compile("\\bsamtools==?1\\.9(\\b(?![.-]\\d)|=)");
    Set<String> expected = filesWhere(f -> pinned.matcher(text(f)).find());
    assertFalse(expected.isEmpty());
    assertSameImages(expected, all("package:samtools@1.9"), "package:samtools@1.9");
    // every image said to install samtools names it in its recipe
    for (String image : all("package:samtools")) {
      RecipeFile file = files.stream().filter(f -> (f.repository() + ":" + f.tag()).equals(image)).findFirst()
          .orElseThrow();
      assertTrue(text(file).toLowerCase(Locale.ROOT).contains("samtools"), image);
    }
    assertTrue(all("package:samtools").containsAll(all("repo:biocontainers/samtools")));
  }

  @Test
  void recipeArchAndFlagFields_countWholeCorpus() {
    assertSameImages(filesWhere(f -> f.kind() == RecipeKind.SINGULARITY), all("recipe:singularity"), "recipe:singularity");
    assertEquals(1668, all("recipe:dockerfile").size());
    assertEquals(files.size(), harness.searcher.search(SearchRequest.of("arch:amd64")).total());
    assertEquals(files.size(), harness.searcher.search(SearchRequest.of("has:recipe")).total());
    assertEquals(0, harness.searcher.search(SearchRequest.of("has:doi")).total());
    assertEquals(0, harness.searcher.search(SearchRequest.of("arch:arm64")).total());
  }

  private static Set<String> intersection(Set<String> a, Set<String> b) {
    Set<String> both = new HashSet<>(a);
    both.retainAll(b);
    return both;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> either = new HashSet<>(a);
    either.addAll(b);
    return either;
  }

  @Test
  void and_findsOnlyImagesWithBothWords() {
    Set<String> both = intersection(all("samtools"), all("bwa"));
    assertFalse(both.isEmpty());
    assertTrue(both.size() < all("bwa").size(), "a test that tells AND from OR");
    for (String query : List.of("samtools AND bwa", "+samtools +bwa", "samtools && bwa", "bwa AND samtools")) {
      assertSameImages(both, all(query), query);
    }
    assertTrue(harness.searcher.search(SearchRequest.of("samtools AND bwa")).notes().isEmpty());
  }

  @Test
  void or_findsImagesWithEitherWordOrFilter() {
    Set<String> either = union(all("samtools"), all("bwa"));
    assertSameImages(either, all("samtools OR bwa"), "samtools OR bwa");
    assertSameImages(either, all("samtools || bwa"), "samtools || bwa");
    assertSameImages(either, all("samtools bwa"), "samtools bwa (words need not all match)");
    assertEquals(files.size(), all("recipe:singularity OR recipe:dockerfile").size());
    assertSameImages(union(all("repo:biocontainers/samtools"), all("repo:biocontainers/bwa")),
        all("repo:biocontainers/samtools OR repo:biocontainers/bwa"), "OR of filters");
  }

  @Test
  void orJoinsItsNeighboursBeforeAnd() {
    Set<String> expected = intersection(all("samtools"), union(all("bwa"), all("bowtie2")));
    assertFalse(expected.isEmpty());
    assertSameImages(expected, all("samtools AND bwa OR bowtie2"), "samtools AND bwa OR bowtie2");
    assertSameImages(expected, all("bwa OR bowtie2 AND samtools"), "bwa OR bowtie2 AND samtools");
  }

  @Test
  void not_excludesAsMinusDoes() {
    Set<String> withoutBwa = all("samtools -bwa");
    assertTrue(withoutBwa.size() < all("samtools").size());
    assertTrue(intersection(withoutBwa, intersection(all("samtools"), all("bwa"))).isEmpty());
    assertSameImages(withoutBwa, all("samtools NOT bwa"), "samtools NOT bwa");
  }

  @Test
  void star_matchesEveryImageNewestFirst() {
    SearchResult star = harness.searcher.search(SearchRequest.of("*"));
    assertEquals(files.size(), star.total());
    assertTrue(star.notes().isEmpty(), star.notes().toString());
    assertEquals(top("", 20).stream().map(SearchHit::digest).toList(),
        top("*", 20).stream().map(SearchHit::digest).toList(), "the same order as no query: newest first");
    assertSameImages(all("recipe:singularity"), all("* recipe:singularity"), "* recipe:singularity");
  }

  @Test
  void ignoredParts_areNamedInNotesAndTheRestIsSearched() {
    SearchResult dangling = harness.searcher.search(SearchRequest.of("samtools AND"));
    assertEquals(harness.searcher.search(SearchRequest.of("samtools")).total(), dangling.total());
    assertTrue(dangling.notes().stream().anyMatch(n -> n.contains("AND at the end")), dangling.notes().toString());
    SearchResult grouped = harness.searcher.search(SearchRequest.of("(bwa OR bowtie2) AND samtools"));
    assertEquals(all("samtools AND bwa OR bowtie2").size(), grouped.total());
    assertTrue(grouped.notes().stream().anyMatch(n -> n.contains("parentheses")), grouped.notes().toString());
  }

  @Test
  void facets_countOverAllHits() {
    SearchResult result = harness.searcher.search(SearchRequest.of("alignment"));
    List<FacetValue> licenses = result.facets().get("license");
    assertFalse(licenses.isEmpty());
    assertTrue(licenses.get(0).count() <= result.total());
    assertEquals(List.of(new FacetValue("false", result.total())), result.facets().get("hasDoi"));
    assertEquals(List.of(new FacetValue("amd64", result.total())), result.facets().get("arch"));
  }

  @Test
  void suggest_prefixOfToolNames() {
    List<String> suggestions = harness.searcher.suggest("samt", null, 10);
    assertEquals("samtools", suggestions.get(0));
    assertTrue(harness.searcher.suggest("bowt", null, 10).contains("bowtie2"));
  }
}
