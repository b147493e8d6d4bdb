package org.arca.search.loader;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.search.recipe.NotARecipeException;
import org.arca.search.recipe.Recipe;
import org.arca.search.recipe.RecipeReader;

/**
 * {@code load-recipes}: turns folders of recipes into small images in a running registry, over the OCI Distribution
 * API, each with its recipe attached as a referrer artifact, then waits until Arca's search has indexed them (the
 * indexer runs behind the pushes). See docs/search.md.
 *
 * <pre>
 * java -jar arca.jar load-recipes --url http://127.0.0.1:8080 [--user U --password P] [--namespace NS] [--jobs N]
 *     [--no-wait] FOLDER...
 * </pre>
 *
 * Exit status: 0 when every recipe was loaded, 1 when some failed (each named on stderr), 2 for bad usage.
 */
public final class RecipeLoader {
  static final String USAGE = "usage: load-recipes --url <registry base url> [--user <name> --password <password>]"
      + " [--namespace <name>] [--jobs <n>] [--no-wait] <folder>...";
  /** How long the index may make no progress at all before the loader stops waiting for it. */
  private static final Duration STALL_LIMIT = Duration.ofMinutes(5);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  /** What one run loaded. */
  public record Summary(int images, int failed, long millis) {}

  private RecipeLoader() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command; returns its exit status. */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String url = null;
    String user = null;
    String password = System.getenv("ARCA_PASSWORD");
    String namespace = null;
    int jobs = 4;
    boolean wait = true;
    List<Path> folders = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--url" -> url = value(args, ++i, "--url");
          case "--user" -> user = value(args, ++i, "--user");
          case "--password" -> password = value(args, ++i, "--password");
          case "--namespace" -> namespace = value(args, ++i, "--namespace");
          case "--jobs" -> jobs = Integer.parseInt(value(args, ++i, "--jobs"));
          case "--no-wait" -> wait = false;
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            folders.add(Path.of(args[i]));
          }
        }
      }
      if (url == null || folders.isEmpty()) {
        throw new IllegalArgumentException("--url and at least one folder are required");
      }
      if (jobs < 1 || jobs > 32) {
        throw new IllegalArgumentException("--jobs must be between 1 and 32");
      }
      for (Path folder : folders) {
        if (!Files.isDirectory(folder)) {
          throw new IllegalArgumentException(folder + " is not a folder");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("load-recipes: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      DistributionClient client = new DistributionClient(URI.create(url), user, password);
      Summary summary = load(client, folders, namespace, jobs, out, err);
      out.printf("loaded %d images from %d folders into %s in %.1f s; %d failed%n", summary.images(), folders.size(),
          url, summary.millis() / 1000.0, summary.failed());
      if (wait && summary.images() > 0) {
        awaitIndexed(client, out);
      }
      return summary.failed() == 0 ? 0 : 1;
    } catch (RegistryPushException | IOException e) {
      err.println("load-recipes: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("load-recipes: interrupted");
      return 1;
    }
  }

  /** Loads every recipe in {@code folders}, {@code jobs} at a time. */
  public static Summary load(DistributionClient client, List<Path> folders, String namespace, int jobs,
      PrintStream out, PrintStream err) throws RegistryPushException, IOException, InterruptedException {
    long start = System.currentTimeMillis();
    client.ping();
    List<RecipeFile> files = new ArrayList<>();
    for (Path folder : folders) {
      String ns = namespace != null ? namespace : RecipeFolder.defaultNamespace(folder);
      List<RecipeFile> found = RecipeFolder.scan(folder, ns);
      out.printf("%s: %d recipes, into %s/...%n", folder, found.size(), ns);
      files.addAll(found);
    }
    RecipeReader reader = new RecipeReader();
    AtomicInteger loaded = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (RecipeFile file : files) {
        futures.add(pool.submit(() -> {
          try {
            push(client, reader, file);
            int n = loaded.incrementAndGet();
            if (n % 200 == 0) {
              out.printf("  %d/%d%n", n, files.size());
            }
          } catch (RegistryPushException | IOException | NotARecipeException | RuntimeException e) {
            failed.incrementAndGet();
            err.println("load-recipes: " + file.relativePath() + ": " + e.getMessage());
          }
        }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          failed.incrementAndGet();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Summary(loaded.get(), failed.get(), System.currentTimeMillis() - start);
  }

  /**
   * Waits until Arca's search reports everything indexed and searchable, printing the queue now and then, so that a
   * search run right after the loader finds every loaded image. A registry without search status is not waited for.
   */
  static void awaitIndexed(DistributionClient client, PrintStream out) throws RegistryPushException,
      InterruptedException {
    long start = System.nanoTime();
    Optional<JsonNode> status = client.searchStatus();
    if (status.isEmpty()) {
      out.println("the registry reports no search status (GET /api/v1/search/status): not waiting for an index");
      return;
    }
    out.println("waiting for search to index the loaded images (--no-wait skips this)");
    long lastReport = start;
    long lastProgress = start;
    String progress = "";
    while (!indexed(status.get())) {
      long now = System.nanoTime();
      String current = status.get().path("queued").asText() + "/" + status.get().path("indexed").asText();
      if (!current.equals(progress)) {
        progress = current;
        lastProgress = now;
      } else if (now - lastProgress > STALL_LIMIT.toNanos()) {
        out.printf("search made no progress for %d minutes (%s queued): not waiting any longer; see GET"
            + " /api/v1/search/status%n", STALL_LIMIT.toMinutes(), status.get().path("queued").asText());
        return;
      }
      if (now - lastReport >= REPORT_EVERY.toNanos()) {
        out.printf("  search: %s images queued, %s indexed since the server started%n",
            status.get().path("queued").asText(), status.get().path("indexed").asText());
        lastReport = now;
      }
      Thread.sleep(POLL.toMillis());
      status = client.searchStatus();
      if (status.isEmpty()) {
        out.println("the registry stopped reporting its search status: not waiting any longer");
        return;
      }
    }
    out.printf("search has indexed them: %.1f s after the last push; %s images in the index%n",
        (System.nanoTime() - start) / 1e9, status.get().path("documents").asText());
  }

  /** Arca reports {@code idle}; an older Arca only its queue, which omits the image being written. */
  private static boolean indexed(JsonNode status) {
    JsonNode idle = status.get("idle");
    return idle != null ? idle.asBoolean() : status.path("queued").asInt(1) == 0 && !status.path("rebuilding")
        .asBoolean();
  }

  /** Builds and pushes one recipe's image, then its recipe artifact (by digest, with the image as subject). */
  static RecipeImage push(DistributionClient client, RecipeReader reader, RecipeFile file)
      throws IOException, NotARecipeException, RegistryPushException {
    byte[] bytes = Files.readAllBytes(file.path());
    if (bytes.length > RecipeReader.MAX_RECIPE_BYTES) {
      throw new NotARecipeException("larger than " + RecipeReader.MAX_RECIPE_BYTES + " bytes");
    }
    Recipe recipe = reader.read(bytes, file.kind(), file.path().getFileName().toString());
    RecipeImage image = RecipeImage.of(file, recipe, bytes);
    for (Blob blob : image.blobs()) {
      client.pushBlob(file.repository(), blob);
    }
    client.putManifest(file.repository(), file.tag(), image.manifest());
    // a registry without the referrers API still stores the artifact; Arca lists it under the image
    client.putManifest(file.repository(), image.artifact().digest().toString(), image.artifact());
    return image;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
