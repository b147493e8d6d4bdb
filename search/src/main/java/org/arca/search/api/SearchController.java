package org.arca.search.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.arca.core.access.AcceptedCredentials;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.search.index.IndexerStatus;
import org.arca.search.index.SearchIndexer;
import org.arca.search.query.ImageSearcher;
import org.arca.search.query.InvalidQueryException;
import org.arca.search.query.SearchRequest;
import org.arca.search.query.SearchResult;

/**
 * The search API: {@code GET /api/v1/search?q=&page=&size=}, {@code GET /api/v1/search/suggest?prefix=},
 * {@code POST /api/v1/search/rebuild} and {@code GET /api/v1/search/status}. The query language is described in
 * docs/search.md.
 */
@Tag(name = "Search", description = "Full-text search of images by their contents (query language: docs/search.md)")
@Controller("/api/v1/search")
@Requires(property = "arca.search.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SearchController {
  private static final int SUGGESTIONS = 10;

  private final ImageSearcher searcher;
  private final SearchIndexer indexer;
  private final SearchVisibility visibility;

  public SearchController(ImageSearcher searcher, SearchIndexer indexer, SearchVisibility visibility) {
    this.searcher = searcher;
    this.indexer = indexer;
    this.visibility = visibility;
  }

  @Operation(summary = "Searches images the caller may read: `q` in the query language, `page` and `size`")
  @Get(produces = MediaType.APPLICATION_JSON)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public SearchResult search(HttpRequest<?> request, @Nullable @QueryValue String q, @Nullable @QueryValue String page,
      @Nullable @QueryValue String size) {
    // numbers are read here, not by the framework, so that a bad one gets the same error body as a bad query
    SearchRequest search = new SearchRequest(q, number("page", page, 1),
        number("size", size, SearchRequest.DEFAULT_SIZE), visibility.filterFor(request));
    return searcher.search(search);
  }

  @Operation(summary = "Autocompletion candidates for a `prefix`")
  @Get(uri = "/suggest", produces = MediaType.APPLICATION_JSON)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public Suggestions suggest(HttpRequest<?> request, @Nullable @QueryValue String prefix) {
    return new Suggestions(searcher.suggest(prefix, visibility.filterFor(request), SUGGESTIONS));
  }

  /** Starts a rebuild of the index from the registry and answers at once; {@code /status} tells when it is done. */
  @Operation(summary = "Starts a rebuild of the index and answers at once (admins)")
  @Post(uri = "/rebuild", produces = MediaType.APPLICATION_JSON)
  @org.arca.core.access.RequiresRole(org.arca.core.access.RequiresRole.ArchiveRole.ADMIN)
  @SecurityRequirement(name = "basic")
  public HttpResponse<IndexerStatus> rebuild() {
    indexer.rebuild();
    return HttpResponse.accepted().body(indexer.status());
  }

  @Operation(summary = "The indexer's state and queue")
  @Get(uri = "/status", produces = MediaType.APPLICATION_JSON)
  @AcceptedCredentials({Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN})
  public IndexerStatus status() {
    return indexer.status();
  }

  /** Autocompletion candidates. */
  @Serdeable
  public record Suggestions(List<String> suggestions) {}

  private static int number(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidQueryException(name + " must be a whole number, not '" + value + "'");
    }
  }
}
