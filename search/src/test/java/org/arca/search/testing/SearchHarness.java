package org.arca.search.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.arca.core.event.RegistryEvent;
import org.arca.search.RegistryEventListener;
import org.arca.search.index.ImageReader;
import org.arca.search.index.IndexEnricher;
import org.arca.search.index.SearchIndex;
import org.arca.search.index.SearchIndexer;
import org.arca.search.index.SearchLimits;
import org.arca.search.query.ImageSearcher;
import org.arca.search.query.SearchRequest;
import org.arca.search.query.SearchResult;

/** The search module wired as the server wires it, on a fake registry and a real index in a folder. */
public final class SearchHarness implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(120);

  public final FakeRegistry registry;
  public final Path dir;
  public final SearchIndex index;
  public final SearchIndexer indexer;
  public final ImageSearcher searcher;
  public final RegistryEventListener listener;

  public SearchHarness(FakeRegistry registry, Path dir) throws IOException {
    this(registry, dir, List.of(), 10_000);
  }

  public SearchHarness(FakeRegistry registry, Path dir, List<IndexEnricher> enrichers, int capacity)
      throws IOException {
    this.registry = registry;
    this.dir = dir;
    this.index = SearchIndex.open(dir);
    this.indexer = new SearchIndexer(index, registry, new ImageReader(registry, registry, SearchLimits.DEFAULT),
        enrichers, capacity);
    this.searcher = new ImageSearcher(index);
    this.listener = new RegistryEventListener(indexer);
  }

  /** Hands events to the listener, as the server publishes them after a commit. */
  public void publish(List<RegistryEvent> events) {
    events.forEach(listener::handle);
  }

  public void awaitIdle() {
    try {
      assertTrue(indexer.awaitIdle(WAIT), "the indexer did not finish within " + WAIT);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public SearchResult search(String query) {
    return searcher.search(new SearchRequest(query, 1, 20, null));
  }

  @Override
  public void close() throws Exception {
    indexer.close();
    index.close();
  }
}
