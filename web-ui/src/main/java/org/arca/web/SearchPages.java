package org.arca.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.search.ImageSearch;

/**
 * The home page and search ({@code /} and {@code /search?q=&page=}): one search box, result cards with the matched
 * words highlighted, facets as links that narrow the query, and pages. Results come from {@link ImageSearch}, the
 * searcher behind {@code /api/v1/search}; without the search feature the page says so.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class SearchPages {
  static final int PAGE_SIZE = 20;
  private static final int SUGGESTIONS = 8;

  /** Each facet of the search API, its heading, and the query filter one of its values stands for. */
  private record FacetKind(String name, String heading) {}

  private static final List<FacetKind> FACETS = List.of(new FacetKind("license", "Licence"),
      new FacetKind("base", "Base image"), new FacetKind("arch", "Architecture"), new FacetKind("hasDoi", "DOI"),
      new FacetKind("hasSif", "SIF"), new FacetKind("vetted", "Vetted"));

  private final Optional<ImageSearch> search;
  private final PageReaders readers;
  private final PageRenderer pages;

  SearchPages(Optional<ImageSearch> search, PageReaders readers, PageRenderer pages) {
    this.search = search;
    this.readers = readers;
    this.pages = pages;
  }

  @Get(uri = "/", produces = "text/html")
  HttpResponse<String> home(HttpRequest<?> request) {
    return results(request, null, null);
  }

  @Get(uri = "/search", produces = "text/html")
  HttpResponse<String> search(HttpRequest<?> request, @Nullable @QueryValue String q,
      @Nullable @QueryValue String page) {
    return results(request, q, page);
  }

  /** Completions for the search box, as an HTML fragment that htmx puts under it. */
  @Get(uri = "/search/suggestions", produces = "text/html")
  HttpResponse<String> suggestions(HttpRequest<?> request, @Nullable @QueryValue String q) {
    List<String> found = List.of();
    if (search.isPresent() && q != null && !q.isBlank() && q.length() <= 100) {
      found = search.get().suggest(q, SUGGESTIONS, readers.hiddenFrom(request));
    }
    return pages.page(request, HttpStatus.OK, "web/suggestions", Map.of("suggestions", found));
  }

  private HttpResponse<String> results(HttpRequest<?> request, String query,
      String pageText) {
    Map<String, Object> model = Pages.model(request, readers, query == null || query.isBlank() ? "Arca"
        : query + " – search");
    String q = query == null ? "" : query.strip();
    model.put("q", q);
    model.put("searched", !q.isEmpty());
    if (search.isEmpty()) {
      model.put("error", "Search is switched off on this registry.");
      return pages.page(request, HttpStatus.OK, "web/search", model);
    }
    int page = Pages.pageNumber(pageText);
    ImageSearch.Results results;
    try {
      results = search.get().search(q.isEmpty() ? null : q, page, PAGE_SIZE, readers.hiddenFrom(request));
    } catch (IllegalArgumentException e) {
      model.put("error", e.getMessage());
      return pages.page(request, HttpStatus.BAD_REQUEST, "web/search", model);
    }
    model.put("total", results.total());
    model.put("notes", results.notes());
    model.put("hits", results.hits().stream().map(SearchPages::card).toList());
    model.put("facets", facets(q, results));
    model.put("pages", Pages.links("/search", Map.of("q", q), page, results.total(), PAGE_SIZE));
    return pages.page(request, HttpStatus.OK, "web/search", model);
  }

  private static Map<String, Object> card(ImageSearch.Hit hit) {
    Map<String, Object> card = new HashMap<>();
    String reference = hit.tag() != null ? hit.tag() : hit.digest();
    card.put("repository", hit.repository());
    card.put("tag", hit.tag());
    card.put("href", Pages.imagePath(hit.repository(), reference));
    card.put("repositoryHref", Pages.repositoryPath(hit.repository()));
    card.put("title", hit.title() != null ? hit.title() : hit.repository());
    card.put("summary", hit.summary());
    card.put("doi", hit.doi());
    List<Map<String, String>> highlights = new ArrayList<>();
    hit.highlights().forEach((field, fragment) -> highlights.add(Map.of("field", field, "html",
        Highlights.safeHtml(fragment))));
    card.put("highlights", highlights);
    return card;
  }

  private static List<Map<String, Object>> facets(String q, ImageSearch.Results results) {
    List<Map<String, Object>> facets = new ArrayList<>();
    for (FacetKind kind : FACETS) {
      List<ImageSearch.FacetCount> values = results.facets().getOrDefault(kind.name(), List.of());
      List<Map<String, Object>> links = new ArrayList<>();
      for (ImageSearch.FacetCount value : values) {
        String filter = filter(kind.name(), value.value());
        if (filter == null || value.count() == 0) {
          continue;
        }
        links.add(Map.of("label", label(kind.name(), value.value()), "count", value.count(),
            "href", Pages.withQuery("/search", Map.of("q", (q.isEmpty() ? "" : q + " ") + filter))));
      }
      if (!links.isEmpty()) {
        facets.add(Map.of("heading", kind.heading(), "links", links));
      }
    }
    return facets;
  }

  /** The query filter a facet value stands for (docs/search.md); null for a value nobody filters by. */
  static String filter(String facet, String value) {
    return switch (facet) {
      case "license" -> "license:" + Pages.quoted(value);
      case "base" -> "base:" + Pages.quoted(value);
      case "arch" -> "arch:" + Pages.quoted(value);
      case "hasDoi" -> "true".equals(value) ? "has:doi" : null;
      case "hasSif" -> "true".equals(value) ? "has:sif" : null;
      case "vetted" -> "true".equals(value) ? "is:vetted" : null;
      default -> null;
    };
  }

  private static String label(String facet, String value) {
    return switch (facet) {
      case "hasDoi" -> "has a DOI";
      case "hasSif" -> "has a SIF";
      case "vetted" -> "vetted by a curator";
      default -> value;
    };
  }
}
