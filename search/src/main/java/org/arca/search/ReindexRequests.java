package org.arca.search;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.core.job.JobQueue;

/**
 * In a management command (environment {@code cli}) the search index belongs to the server, which holds its write
 * lock, so registry events are not indexed here: each repository they name is handed to the server as a
 * {@link ReindexJob} in the database's job table, which a running server picks up within its poll interval and a
 * stopped one at its next start.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
@Requires(env = Environment.CLI)
public class ReindexRequests {
  private final JobQueue jobs;
  private final Set<RepositoryName> requested = ConcurrentHashMap.newKeySet();

  public ReindexRequests(JobQueue jobs) {
    this.jobs = jobs;
  }

  @EventListener
  public void handle(RegistryEvent event) {
    // one job per repository and command: an import of a thousand images of one repository asks once
    if (requested.add(event.repository())) {
      jobs.enqueue(ReindexJob.KIND, event.repository().value(), "", true);
    }
  }
}
