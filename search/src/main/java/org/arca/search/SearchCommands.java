package org.arca.search;

import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.arca.search.index.RebuildReport;
import org.arca.search.index.SearchIndexer;
import org.arca.search.loader.RecipeLoader;

/**
 * The search module's command-line entry points, for the application's {@code main()}:
 *
 * <pre>
 * java -jar arca.jar load-recipes --url URL [--user U --password P] FOLDER...   → SearchCommands.loadRecipes(args)
 * java -jar arca.jar rebuild-search-index                                          → SearchCommands.rebuildIndex(context)
 * </pre>
 */
public final class SearchCommands {
  private static final Duration REBUILD_LIMIT = Duration.ofHours(12);

  private SearchCommands() {}

  /** {@code load-recipes}: see {@link RecipeLoader}; returns the exit status. */
  public static int loadRecipes(String[] args) {
    return RecipeLoader.run(args);
  }

  /**
   * Rebuilds the search index from the registry in a started application context (with the registry's
   * {@code RegistryCatalog} and {@code BlobStore} beans) and waits for the end; returns the exit status. A running
   * server holds the index's lock, so use {@code POST /api/v1/search/rebuild} on a running server instead.
   */
  public static int rebuildIndex(ApplicationContext context) {
    return rebuildIndex(context, System.out, System.err);
  }

  static int rebuildIndex(ApplicationContext context, PrintStream out, PrintStream err) {
    if (!context.containsBean(SearchIndexer.class)) {
      err.println("rebuild-search-index: search is disabled (arca.search.enabled=false)");
      return 2;
    }
    try {
      RebuildReport report = context.getBean(SearchIndexer.class).rebuild()
          .get(REBUILD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      out.printf("search index rebuilt: %d images in %d repositories in %.1f s%n", report.images(),
          report.repositories(), report.millis() / 1000.0);
      return 0;
    } catch (ExecutionException e) {
      err.println("rebuild-search-index: " + e.getCause().getMessage());
      return 1;
    } catch (TimeoutException e) {
      err.println("rebuild-search-index: not done after " + REBUILD_LIMIT.toHours() + " hours");
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("rebuild-search-index: interrupted");
      return 1;
    }
  }
}
