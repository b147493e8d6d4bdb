package org.arca.search;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.arca.search.index.RebuildReport;
import org.arca.search.index.SearchIndexer;
import org.arca.search.loader.RecipeLoader;
import org.apache.lucene.store.LockObtainFailedException;

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
   * server holds the index's lock, so this refuses at once and points to {@code POST /api/v1/search/rebuild}.
   */
  public static int rebuildIndex(ApplicationContext context) {
    return rebuildIndex(context, System.out, System.err);
  }

  static int rebuildIndex(ApplicationContext context, PrintStream out, PrintStream err) {
    if (!context.containsBean(SearchIndexer.class)) {
      err.println("rebuild-search-index: search is disabled (arca.search.enabled=false)");
      return 2;
    }
    SearchIndexer indexer;
    try {
      indexer = context.getBean(SearchIndexer.class);
    } catch (BeanInstantiationException e) {
      LockObtainFailedException locked = lockFailure(e);
      if (locked == null) {
        throw e;
      }
      err.println("rebuild-search-index: the search index is in use by another process, most likely the Arca server"
          + " running on this data directory (" + locked.getMessage() + "). Rebuild it through that server with"
          + " POST /api/v1/search/rebuild (admins), or stop the server and run this command again.");
      return 1;
    }
    try {
      RebuildReport report = indexer.rebuild()
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

  private static LockObtainFailedException lockFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof LockObtainFailedException locked) {
        return locked;
      }
    }
    return null;
  }
}
