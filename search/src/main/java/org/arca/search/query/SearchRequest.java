package org.arca.search.query;

import org.apache.lucene.search.Query;

/**
 * A search as the searcher takes it.
 *
 * @param text the query text (see {@link QuerySyntax}); null or blank for every image
 * @param page 1-based page number
 * @param size hits per page
 * @param visibility restricts hits to what the asker may see (null: everything). Build it with {@link Visibility};
 *     it also restricts facet counts and suggestions.
 */
public record SearchRequest(String text, int page, int size, Query visibility) {
  public static final int DEFAULT_SIZE = 10;
  public static final int MAX_SIZE = 100;
  /** Deep pages cost memory per request; nobody reads page 500 of a search. */
  public static final int MAX_WINDOW = 10_000;

  public SearchRequest {
    if (page < 1) {
      throw new InvalidQueryException("page must be 1 or more, not " + page);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw new InvalidQueryException("size must be between 1 and " + MAX_SIZE + ", not " + size);
    }
    if ((long) page * size > MAX_WINDOW) {
      throw new InvalidQueryException("only the first " + MAX_WINDOW + " hits can be paged through; refine the query");
    }
  }

  public static SearchRequest of(String text) {
    return new SearchRequest(text, 1, DEFAULT_SIZE, null);
  }
}
