package org.arca.search.index;

import java.io.IOException;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;

/**
 * An index searcher that carries the facet ordinals of its reader. Building them costs a pass over the facet doc
 * values, so it happens once per refresh (on the indexing thread) instead of once per query.
 */
public final class FacetedSearcher extends IndexSearcher {
  private final SortedSetDocValuesReaderState facetState;

  FacetedSearcher(IndexReader reader, FacetsConfig config) throws IOException {
    super(reader);
    this.facetState = stateOf(reader, config);
  }

  /** The facet state, or null while no document has facets (an empty index). */
  public SortedSetDocValuesReaderState facetState() {
    return facetState;
  }

  private static SortedSetDocValuesReaderState stateOf(IndexReader reader, FacetsConfig config) throws IOException {
    if (reader.numDocs() == 0) {
      return null;
    }
    try {
      return new DefaultSortedSetDocValuesReaderState(reader, config);
    } catch (IllegalArgumentException e) {
      return null; // no segment has the facet field yet
    }
  }

  static SearcherFactory factory(FacetsConfig config) {
    return new SearcherFactory() {
      @Override
      public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader) throws IOException {
        return new FacetedSearcher(reader, config);
      }
    };
  }
}
