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
import org.arca.search.index.SearchIndex;
import org.arca.search.query.ImageSearcher;
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
 * SearchBench index-corpus DIR       # indexing throughput for the corpus; leaves the corpus index in DIR
 * SearchBench index DIR IMAGES       # a large index made from the corpus by varying tags and versions
 * SearchBench query DIR [LABEL]      # query latency on the index in DIR, in a JVM that holds nothing else
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
    String mode = args.length > 0 ? args[0] : "";
    switch (mode) {
      case "index-corpus" -> indexCorpus(Path.of(args[1]));
      case "index" -> indexLarge(Path.of(args[1]), Integer.parseInt(args[2]));
      case "query" -> {
        // a JVM of its own, holding only the index, as a server does: the in-memory registry of the indexing run
        // would otherwise put gigabytes of test data into every garbage collection
        try (SearchIndex index = SearchIndex.open(Path.of(args[1]))) {
          latency(new ImageSearcher(index), args.length > 2 ? args[2] : index.size() + " images");
        }
      }
      default -> {
        System.err.println("usage: SearchBench index-corpus DIR | index DIR IMAGES | query DIR [LABEL]");
        System.exit(2);
      }
    }
  }

  private static List<RecipeFile> files;
  private static final List<Recipe> RECIPES = new ArrayList<>();
  private static final List<byte[]> TEXTS = new ArrayList<>();

  private static void readCorpus() throws Exception {
    RecipeReader reader = new RecipeReader();
    files = CorpusImages.all();
    for (RecipeFile file : files) {
      byte[] bytes = Files.readAllBytes(file.path());
      TEXTS.add(bytes);
      RECIPES.add(reader.read(bytes, file.kind(), file.path().getFileName().toString()));
    }
    System.out.printf("corpus: %d recipes%n", files.size());
  }

  /** Indexing throughput: the whole corpus rebuilt into an index; one warm-up, then three measured runs. */
  private static void indexCorpus(Path keep) throws Exception {
    readCorpus();
    FakeRegistry corpus = registry(files, RECIPES, TEXTS, files.size());
    List<Double> rates = new ArrayList<>();
    for (int run = 0; run < 4; run++) {
      Path dir = run == 3 ? keep : Files.createTempDirectory("arca-bench-index");
      try (SearchHarness harness = new SearchHarness(corpus, dir)) {
        harness.indexer.rebuild().get(30, TimeUnit.MINUTES); // the automatic first rebuild of a new index
        harness.awaitIdle();
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
    System.out.printf("RESULT index_corpus_images_per_s=%.0f (median of 3 after a warm-up)%n", rates.get(1));
  }

  /** A large index made from the corpus by varying tags and versions, filled by the rebuild a new index starts. */
  private static void indexLarge(Path dir, int count) throws Exception {
    readCorpus();
    FakeRegistry big = registry(files, RECIPES, TEXTS, count);
    try (SearchHarness harness = new SearchHarness(big, dir)) {
      long start = System.nanoTime();
      harness.indexer.rebuild().get(2, TimeUnit.HOURS); // joins the rebuild a new index starts with
      harness.awaitIdle();
      double seconds = (System.nanoTime() - start) / 1e9;
      int size = harness.index.size();
      System.out.printf("RESULT index_large_images=%d seconds=%.1f images_per_s=%.0f%n", size, seconds, size / seconds);
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

  private static long percentile99(long[] sorted) {
    return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }

  static void latency(ImageSearcher searcher, String label) {
    // CPU time of the searching thread as well as wall time: on a shared machine the wall time's tail is mostly
    // waiting for a core, which the CPU time leaves out
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    int rounds = 40;
    for (Map.Entry<String, List<String>> type : QUERIES.entrySet()) {
      List<String> queries = type.getValue();
      // 50 rounds, so that the JIT has compiled the search path before timing: with 10, the first timed rounds of a
      // faster search still ran partly interpreted and set the p99
      for (int warm = 0; warm < 50; warm++) {
        for (String q : queries) {
          searcher.search(new SearchRequest(q, 1, 10, null));
        }
      }
      long[] nanos = new long[rounds * queries.size()];
      long[] cpuNanos = new long[nanos.length];
      long total = 0;
      int n = 0;
      for (int round = 0; round < rounds; round++) {
        for (String q : queries) {
          long cpuStart = threads.getCurrentThreadCpuTime();
          long start = System.nanoTime();
          total += searcher.search(new SearchRequest(q, 1, 10, null)).total();
          nanos[n] = System.nanoTime() - start;
          cpuNanos[n++] = threads.getCurrentThreadCpuTime() - cpuStart;
        }
      }
      Arrays.sort(nanos);
      Arrays.sort(cpuNanos);
      System.out.printf("RESULT latency index=\"%s\" type=%s queries=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
          + " cpu_p50_ms=%.2f cpu_p99_ms=%.2f (hits seen %d)%n", label, type.getKey(), nanos.length,
          nanos[nanos.length / 2] / 1e6, percentile99(nanos) / 1e6, nanos[nanos.length - 1] / 1e6,
          cpuNanos[cpuNanos.length / 2] / 1e6, percentile99(cpuNanos) / 1e6, total);
    }
  }
}
