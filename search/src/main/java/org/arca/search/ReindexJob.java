package org.arca.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import org.arca.core.RepositoryName;
import org.arca.core.job.JobHandler;
import org.arca.search.index.SearchIndexer;

/**
 * Reindexes a repository on request. Management commands used to leave one such job per repository they touched;
 * their changes now reach the index through the event log, and the handler stays for jobs queued before that.
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
