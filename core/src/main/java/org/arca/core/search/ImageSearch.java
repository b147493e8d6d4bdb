package org.arca.core.search;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.arca.core.RepositoryName;

/**
 * Full-text search of images, as pages outside the search module (the web interface) use it. The search module
 * implements it over the same searcher that answers {@code GET /api/v1/search}, so a page and the API find the same
 * images in the same order; the registry decides which repositories a reader may not see and passes them in.
 */
public interface ImageSearch {

  /**
   * One page of images matching {@code query} (the query language of docs/search.md; blank for every image).
   *
   * @param page 1-based page number
   * @param size hits per page
   * @param hidden repositories whose images must not be found, counted or suggested
   * @throws IllegalArgumentException when the query, page or size is invalid; the message says why
   */
  Results search(String query, int page, int size, Collection<RepositoryName> hidden);

  /** Up to {@code limit} completions of {@code prefix}, from images not in {@code hidden}. */
  List<String> suggest(String prefix, int limit, Collection<RepositoryName> hidden);

  /**
   * A page of hits, how many there are, and facet counts over all of them.
   *
   * @param facets facet name (licence, base image, architecture ...) to its values, most frequent first
   * @param notes what in the query was ignored and why
   */
  record Results(long total, List<Hit> hits, Map<String, List<FacetCount>> facets, List<String> notes) {}

  /**
   * One image found.
   *
   * @param tag the tag to show, or null for an untagged image
   * @param doi the image's DOI once it is findable, or null
   * @param highlights field name to a fragment of HTML-escaped text in which only the matched words are marked up,
   *     with {@code <em>}
   */
  record Hit(String repository, String tag, List<String> tags, String digest, String title, String summary,
      String doi, Map<String, String> highlights) {}

  /** One value of a facet and how many hits have it. */
  record FacetCount(String value, long count) {}
}
