package org.arca.search.api;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.RepositoryName;
import org.arca.core.search.ImageSearch;
import org.arca.search.query.FacetValue;
import org.arca.search.query.ImageSearcher;
import org.arca.search.query.InvalidQueryException;
import org.arca.search.query.SearchHit;
import org.arca.search.query.SearchRequest;
import org.arca.search.query.SearchResult;
import org.arca.search.query.Visibility;

/**
 * The core's {@link ImageSearch} port over the searcher behind {@code /api/v1/search}: the web interface finds what
 * the API finds, with the same ranking, highlights and facets.
 */
@Singleton
@Requires(property = "arca.search.enabled", notEquals = "false")
class SearcherImageSearch implements ImageSearch {
  private final ImageSearcher searcher;

  SearcherImageSearch(ImageSearcher searcher) {
    this.searcher = searcher;
  }

  @Override
  public Results search(String query, int page, int size, Collection<RepositoryName> hidden) {
    SearchResult result;
    try {
      result = searcher.search(new SearchRequest(query, page, size, Visibility.allExcept(hidden)));
    } catch (InvalidQueryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Map<String, List<FacetCount>> facets = new LinkedHashMap<>();
    result.facets().forEach((name, values) -> facets.put(name, values.stream().map(SearcherImageSearch::count)
        .toList()));
    return new Results(result.total(), result.hits().stream().map(SearcherImageSearch::hit).toList(), facets,
        result.notes());
  }

  @Override
  public List<String> suggest(String prefix, int limit, Collection<RepositoryName> hidden) {
    try {
      return searcher.suggest(prefix, Visibility.allExcept(hidden), limit);
    } catch (InvalidQueryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Hit hit(SearchHit hit) {
    return new Hit(hit.repository(), hit.tag(), hit.tags(), hit.digest(), hit.title(), hit.summary(), hit.doi(),
        hit.highlights());
  }

  private static FacetCount count(FacetValue value) {
    return new FacetCount(value.value(), value.count());
  }
}
