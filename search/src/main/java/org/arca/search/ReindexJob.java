package org.arca.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.arca.core.RepositoryName;
import org.arca.core.job.JobHandler;
import org.arca.search.index.SearchIndexer;

/**
 * Reindexes a repository that changed in another process: a management command ({@code import}, ...) writes to the
 * registry beside the server but may not open the server's index, so it leaves one job per repository it touched
 * (see {@link ReindexRequests}) and the server, now or at its next start, reconciles those repositories.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
@Requires(notEnv = Environment.CLI)
public class ReindexJob implements JobHandler {
  /** The job kind; the key is the repository name. */
  public static final String KIND = "search-reindex";

  private final SearchIndexer indexer;

  public ReindexJob(SearchIndexer indexer) {
    this.indexer = indexer;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String repository, String payload) {
    // queued behind the pushes the server is indexing; the job ends here, the indexer does the reading
    indexer.submitRepository(RepositoryName.parse(repository));
    return null;
  }
}
