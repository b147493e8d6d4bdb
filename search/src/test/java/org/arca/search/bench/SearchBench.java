package org.arca.search.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.arca.search.index.RebuildReport;
import org.arca.search.loader.RecipeFile;
import org.arca.search.loader.RecipeImage;
import org.arca.search.query.SearchRequest;
import org.arca.search.recipe.Recipe;
import org.arca.search.recipe.RecipeReader;
import org.arca.search.testing.CorpusImages;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.SearchHarness;

/**
 * Measures indexing throughput and query latency of the search module, in process, with the registry in memory so
 * that no network or storage is measured. See docs/benchmarks-search.md and {@code search/bench/run-bench.sh}.
 *
 * <pre>
 * SearchBench [images]   # images: size of the large index, made from the corpus by varying tags and versions
 * </pre>
 */
public final class SearchBench {
  static final Map<String, List<String>> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("term", List.of("samtools", "bwa", "bowtie2", "fastqc", "hmmer", "alignment", "assembler",
        "phylogenetic", "variant", "RNA", "trimming Illumina reads", "detecting tRNA genes", "samtols", "k-mer counting",
        "quality control of sequencing reads", "Bayesian phylogenetics", "genome", "protein structure"));
    QUERIES.put("phrase", List.of("\"multiple sequence alignment\"", "\"short read\"", "\"hidden Markov\"",
        "\"de Bruijn\"", "\"variant calling\"", "\"apt-get install\"", "\"RNA-seq\"", "\"genome assembly\""));
    QUERIES.put("field", List.of("package:samtools@1.9", "package:samtools", "license:MIT", "license:GPL-3.0",
        "base:alpine", "repo:biocontainers/samtools", "label:software=infernal", "tag:0.7.17", "recipe:singularity",
        "repo:damona/* package:python"));
    QUERIES.put("faceted", List.of("", "arch:amd64", "has:recipe", "alignment license:GPL-3.0",
        "sequencing -base:alpine", "tools"));
  }

  private SearchBench() {}

  public static void main(String[] args) throws Exception {
    int large = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    RecipeReader reader = new RecipeReader();
    List<RecipeFile> files = CorpusImages.all();
    List<Recipe> recipes = new ArrayList<>();
    List<byte[]> texts = new ArrayList<>();
    for (RecipeFile file : files) {
      byte[] bytes = Files.readAllBytes(file.path());
      texts.add(bytes);
      recipes.add(reader.read(bytes, file.kind(), file.path().getFileName().toString()));
    }
    System.out.printf("corpus: %d recipes%n", files.size());

    // indexing throughput: the whole corpus, rebuilt into a fresh index; one warm-up, then three measured runs
    FakeRegistry corpus = registry(files, recipes, texts, files.size());
    List<Double> rates = new ArrayList<>();
    for (int run = 0; run < 4; run++) {
      try (SearchHarness harness = new SearchHarness(corpus, Files.createTempDirectory("arca-bench-index"))) {
        harness.awaitIdle(); // the automatic first rebuild of a new index
        long start = System.nanoTime();
        RebuildReport report = harness.indexer.rebuild().get(30, TimeUnit.MINUTES);
        harness.awaitIdle();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (run > 0) {
          rates.add(report.images() / seconds);
        }
        System.out.printf("index corpus run %d: %d images in %.2f s = %.0f images/s%n", run, report.images(), seconds,
            report.images() / seconds);
      }
    }
    rates.sort(Double::compare);
    System.out.printf("RESULT index_corpus_images_per_s=%.0f%n", rates.get(1));

    try (SearchHarness harness = new SearchHarness(corpus, Files.createTempDirectory("arca-bench-index"))) {
      harness.awaitIdle();
      latency(harness, "corpus (" + harness.index.size() + " images)");
    }
    corpus = null;

    FakeRegistry big = registry(files, recipes, texts, large);
    try (SearchHarness harness = new SearchHarness(big, Files.createTempDirectory("arca-bench-index"))) {
      long start = System.nanoTime();
      harness.awaitIdle(); // a new index is rebuilt from the registry at once
      double seconds = (System.nanoTime() - start) / 1e9;
      int size = harness.index.size();
      System.out.printf("RESULT index_large_images=%d seconds=%.1f images_per_s=%.0f%n", size, seconds, size / seconds);
      latency(harness, size + " images");
    }
  }

  /** A registry with {@code count} images: the corpus, then copies with other tags and versions. */
  static FakeRegistry registry(List<RecipeFile> files, List<Recipe> recipes, List<byte[]> texts, int count) {
    FakeRegistry registry = new FakeRegistry();
    int made = 0;
    for (int variant = 0; made < count; variant++) {
      for (int i = 0; i < files.size() && made < count; i++, made++) {
        RecipeFile file = files.get(i);
        Recipe recipe = recipes.get(i);
        if (variant > 0) {
          String tag = file.tag() + "-v" + variant;
          file = new RecipeFile(file.path(), file.relativePath(), file.repository(),
              tag.length() > 128 ? tag.substring(tag.length() - 128) : tag, file.kind());
          Map<String, String> labels = new LinkedHashMap<>(recipe.labels());
          labels.put("software.version", file.tag());
          recipe = new Recipe(recipe.kind(), recipe.baseImage(), labels, recipe.env(), recipe.packages(),
              recipe.instructions(), recipe.help(), recipe.text());
        }
        CorpusImages.push(registry, file, RecipeImage.of(file, recipe, texts.get(i)));
      }
    }
    return registry;
  }

  static void latency(SearchHarness harness, String label) {
    int rounds = 40;
    for (Map.Entry<String, List<String>> type : QUERIES.entrySet()) {
      List<String> queries = type.getValue();
      for (int warm = 0; warm < 10; warm++) {
        for (String q : queries) {
          harness.searcher.search(new SearchRequest(q, 1, 10, null));
        }
      }
      long[] nanos = new long[rounds * queries.size()];
      long total = 0;
      int n = 0;
      for (int round = 0; round < rounds; round++) {
        for (String q : queries) {
          long start = System.nanoTime();
          total += harness.searcher.search(new SearchRequest(q, 1, 10, null)).total();
          nanos[n++] = System.nanoTime() - start;
        }
      }
      Arrays.sort(nanos);
      System.out.printf("RESULT latency index=\"%s\" type=%s queries=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
          + " (hits seen %d)%n", label, type.getKey(), nanos.length, nanos[nanos.length / 2] / 1e6,
          nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6, nanos[nanos.length - 1] / 1e6, total);
    }
  }
}
