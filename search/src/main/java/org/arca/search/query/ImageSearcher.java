package org.arca.search.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;
import org.arca.search.recipe.InstalledPackage;
import org.arca.search.index.Analyzers;
import org.arca.search.index.FacetedSearcher;
import org.arca.search.index.SearchFields;
import org.arca.search.index.SearchIndex;
import org.arca.search.index.StoredImage;

/**
 * Answers searches and suggestions from the index's current near-real-time searcher. Safe for concurrent use.
 */
public final class ImageSearcher {
  private static final Sort RELEVANCE_THEN_NEWEST = new Sort(SortField.FIELD_SCORE,
      new SortField(SearchFields.PUSHED, SortField.Type.LONG, true));
  private static final Sort NEWEST = new Sort(new SortField(SearchFields.PUSHED, SortField.Type.LONG, true));
  private static final List<String> FACET_DIMENSIONS = List.of(SearchFields.FACET_LICENSE, SearchFields.FACET_BASE,
      SearchFields.FACET_ARCH, SearchFields.FACET_DOI, SearchFields.FACET_SIF, SearchFields.FACET_VETTED);
  private static final int FACET_VALUES = 10;
  private static final Query WITHDRAWN_IMAGES = new TermQuery(new Term(SearchFields.WITHDRAWN, "true"));
  private static final String[] HIGHLIGHTED = {SearchFields.SUMMARY, SearchFields.DESCRIPTION};
  private static final Set<String> HIGHLIGHTED_FIELDS = Set.of(HIGHLIGHTED);
  private static final Set<String> HIT_FIELDS = Set.of(SearchFields.REPOSITORY, SearchFields.DIGEST,
      SearchFields.TAGS_STORED, SearchFields.TITLE, SearchFields.SUMMARY, SearchFields.DOI_STORED,
      SearchFields.CITED_TAG);
  private static final Set<String> HIT_FIELDS_AND_SOURCE = union(HIT_FIELDS, SearchFields.SOURCE);

  private final SearchIndex index;
  private final QueryTranslator translator = new QueryTranslator();
  private final org.apache.lucene.analysis.Analyzer analyzer = Analyzers.perField();

  public ImageSearcher(SearchIndex index) {
    this.index = index;
  }

  /** Runs a search; throws {@link InvalidQueryException} for a query that cannot be read. */
  public SearchResult search(SearchRequest request) {
    QuerySyntax.Parsed parsed = QuerySyntax.read(request.text());
    List<QueryClause> clauses = parsed.clauses();
    try {
      FacetedSearcher searcher = index.acquire();
      try {
        Query query = restrict(translator.translate(clauses, searcher.getIndexReader()), request.visibility());
        int window = request.page() * request.size();
        Found found = ranked(clauses) ? rankedSearch(searcher, query, window) : filteredSearch(searcher, query, window);
        ScoreDoc[] top = found.top().scoreDocs;
        int from = (request.page() - 1) * request.size();
        ScoreDoc[] page = from >= top.length ? new ScoreDoc[0] : java.util.Arrays.copyOfRange(top, from, top.length);
        List<SearchHit> hits = hits(searcher, query, clauses, page);
        return new SearchResult(found.total(), hits, facets(found.facets()), parsed.notes());
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed", e);
    }
  }

  /** The best hits (up to a window), the number of all hits, and facet counts over all hits (null: none yet). */
  private record Found(TopDocs top, long total, SortedSetDocValuesFacetCounts facets) {}

  /** Whether the query has words or phrases to rank by; without them every hit scores the same. */
  private static boolean ranked(List<QueryClause> clauses) {
    return clauses.stream().anyMatch(QueryTranslator::ranks);
  }

  /** Every hit is scored, so one pass finds the best, counts them and collects them for the facets. */
  private static Found rankedSearch(FacetedSearcher searcher, Query query, int window) throws IOException {
    // no doDocScores: the sort's first field already holds each hit's score, and asking for scores again
    // would score the page a second time with a fresh weight (a tenth of a query's time at 100,000 images)
    FacetsCollectorManager.FacetsResult result = FacetsCollectorManager.search(searcher, query, window,
        RELEVANCE_THEN_NEWEST, false, new FacetsCollectorManager());
    TopDocs top = result.topDocs();
    long total = top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.totalHits.value : searcher.count(query);
    SortedSetDocValuesReaderState state = searcher.facetState();
    return new Found(top, total, state == null ? null
        : new SortedSetDocValuesFacetCounts(state, result.facetsCollector()));
  }

  /**
   * Filters only: all hits score alike and the newest come first. Counting needs no scorer and the newest can be
   * found by skipping on the push time's points, so each is asked for on its own; when the filters leave every
   * image (no query, {@code arch:amd64} in a one-architecture registry) the facets count the whole index straight
   * from its doc values, without collecting the hits.
   */
  private static Found filteredSearch(FacetedSearcher searcher, Query query, int window) throws IOException {
    TopDocs top = searcher.search(query, new TopFieldCollectorManager(NEWEST, window, null, window));
    long total = searcher.count(query);
    SortedSetDocValuesReaderState state = searcher.facetState();
    if (state == null) {
      return new Found(top, total, null);
    }
    SortedSetDocValuesFacetCounts counts = total == searcher.getIndexReader().numDocs()
        ? new SortedSetDocValuesFacetCounts(state)
        : new SortedSetDocValuesFacetCounts(state, searcher.search(query, new FacetsCollectorManager()));
    return new Found(top, total, counts);
  }

  /** The query limited to what the reader may see: never withdrawn images, and only the visible ones. */
  private static Query restrict(Query query, Query visibility) {
    BooleanQuery.Builder restricted = new BooleanQuery.Builder().add(query, Occur.MUST).add(WITHDRAWN_IMAGES,
        Occur.MUST_NOT);
    if (visibility != null) {
      restricted.add(visibility, Occur.FILTER);
    }
    return restricted.build();
  }

  private List<SearchHit> hits(IndexSearcher searcher, Query query, List<QueryClause> clauses, ScoreDoc[] page)
      throws IOException {
    Map<String, String[]> highlights = Map.of();
    Query highlightQuery = ranked(clauses) ? HighlightQuery.of(query, HIGHLIGHTED_FIELDS) : null;
    if (highlightQuery != null && page.length > 0) {
      UnifiedHighlighter highlighter = new UnifiedHighlighter(UnifiedHighlighter.builder(searcher, analyzer)
          .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "… ", true))
          .withMaxLength(20_000)) {
        @Override
        protected OffsetSource getOffsetSource(String field) {
          // the highlighted fields keep offsets in their postings (DocumentBuilder); asking the index instead
          // merges the field infos of every segment on each search
          return OffsetSource.POSTINGS;
        }
      };
      int[] docIds = new int[page.length];
      for (int i = 0; i < page.length; i++) {
        docIds[i] = page[i].doc;
      }
      int[] passages = new int[HIGHLIGHTED.length];
      java.util.Arrays.fill(passages, 1);
      highlights = highlighter.highlightFields(HIGHLIGHTED, highlightQuery, docIds, passages);
    }
    Set<String> packageNames = packageNames(clauses);
    // one read per hit: each read decompresses the block of stored fields the hit is in
    Set<String> stored = packageNames.isEmpty() ? HIT_FIELDS : HIT_FIELDS_AND_SOURCE;
    StoredFields storedFields = searcher.storedFields();
    List<SearchHit> hits = new ArrayList<>(page.length);
    for (int i = 0; i < page.length; i++) {
      ScoreDoc hit = page[i];
      Document doc = storedFields.document(hit.doc, stored);
      List<String> tags = new ArrayList<>(List.of(doc.getValues(SearchFields.TAGS_STORED)));
      tags.sort(TagOrder.VERSIONS.reversed());
      Map<String, String> marks = new LinkedHashMap<>();
      for (String field : HIGHLIGHTED) {
        String[] fragments = highlights.get(field);
        if (fragments != null && fragments[i] != null && fragments[i].contains("<em>")) {
          marks.put(field, fragments[i]);
        }
      }
      if (!packageNames.isEmpty()) {
        String packages = matchedPackages(doc.getBinaryValue(SearchFields.SOURCE), packageNames);
        if (!packages.isEmpty()) {
          marks.put("package", packages);
        }
      }
      float score = hit instanceof FieldDoc sorted && sorted.fields[0] instanceof Float relevance ? relevance : 0f;
      hits.add(new SearchHit(doc.get(SearchFields.REPOSITORY), TagOrder.shown(tags, doc.get(SearchFields.CITED_TAG)),
          tags, doc.get(SearchFields.DIGEST), doc.get(SearchFields.TITLE), doc.get(SearchFields.SUMMARY),
          doc.get(SearchFields.DOI_STORED), score, marks));
    }
    return hits;
  }

  private static Set<String> union(Set<String> fields, String field) {
    Set<String> all = new java.util.HashSet<>(fields);
    all.add(field);
    return Set.copyOf(all);
  }

  /** Package names a query asks about, so hits can show which version of them they have. */
  private static Set<String> packageNames(List<QueryClause> clauses) {
    Set<String> names = new LinkedHashSet<>();
    List<QueryClause> flat = new ArrayList<>();
    for (QueryClause clause : clauses) {
      if (clause instanceof QueryClause.AnyOf any) {
        flat.addAll(any.alternatives());
      } else {
        flat.add(clause);
      }
    }
    for (QueryClause clause : flat) {
      if (clause.negated()) {
        continue;
      }
      if (clause instanceof QueryClause.Field field && field.field().equals("package")) {
        String value = field.value().toLowerCase(Locale.ROOT);
        int at = value.indexOf('@');
        names.add(at < 0 ? value : value.substring(0, at));
      } else if (clause instanceof QueryClause.Word word) {
        names.add(word.text().toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  private static String matchedPackages(BytesRef source, Set<String> names) {
    if (source == null) {
      return "";
    }
    Set<String> shown = new LinkedHashSet<>();
    for (InstalledPackage p : StoredImage.packagesOf(source.bytes, source.offset, source.length)) {
      String name = p.indexName();
      boolean match = names.contains(name) || names.stream()
          .anyMatch(n -> n.endsWith("*") && name.startsWith(n.substring(0, n.length() - 1)));
      if (match) {
        shown.add(p.name() + (p.version() == null ? "" : " " + p.version()) + " (" + p.ecosystem() + ")");
      }
    }
    return String.join(", ", shown);
  }

  private static Map<String, List<FacetValue>> facets(SortedSetDocValuesFacetCounts counts) throws IOException {
    Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
    for (String dimension : FACET_DIMENSIONS) {
      List<FacetValue> values = new ArrayList<>();
      if (counts != null) {
        try {
          FacetResult result = counts.getTopChildren(FACET_VALUES, dimension);
          if (result != null) {
            for (LabelAndValue value : result.labelValues) {
              values.add(new FacetValue(value.label, value.value.longValue()));
            }
          }
        } catch (IllegalArgumentException e) {
          // no image has this dimension yet
        }
      }
      facets.put(dimension, values);
    }
    return facets;
  }

  /**
   * Names of tools and images starting with {@code prefix}, most common first, for autocompletion.
   *
   * @param visibility as in {@link SearchRequest#visibility()}; null for everything
   */
  public List<String> suggest(String prefix, Query visibility, int limit) {
    String start = prefix == null ? "" : prefix.strip().toLowerCase(Locale.ROOT);
    if (start.isEmpty()) {
      return List.of();
    }
    if (start.length() > 100) {
      throw new InvalidQueryException("a prefix of at most 100 characters is enough to suggest from");
    }
    try {
      FacetedSearcher searcher = index.acquire();
      try {
        Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), SearchFields.SUGGEST);
        if (terms == null) {
          return List.of();
        }
        record Candidate(String term, int docFreq) {}
        List<Candidate> candidates = new ArrayList<>();
        TermsEnum it = terms.iterator();
        BytesRef target = new BytesRef(start);
        if (it.seekCeil(target) == TermsEnum.SeekStatus.END) {
          return List.of();
        }
        // bounded walk: a one-letter prefix over 100,000 images must still answer at once
        for (int seen = 0; seen < 2_000; seen++) {
          BytesRef term = it.term();
          if (term == null || !org.apache.lucene.util.StringHelper.startsWith(term, target)) {
            break;
          }
          candidates.add(new Candidate(term.utf8ToString(), it.docFreq()));
          if (it.next() == null) {
            break;
          }
        }
        candidates.sort(Comparator.comparingInt(Candidate::docFreq).reversed().thenComparing(Candidate::term));
        List<String> suggestions = new ArrayList<>();
        for (Candidate candidate : candidates) {
          if (suggestions.size() >= limit) {
            break;
          }
          // doc frequencies still count deleted and invisible images: keep only names a search would find
          Query exists = restrict(new TermQuery(new Term(SearchFields.SUGGEST, candidate.term())), visibility);
          if (searcher.count(exists) > 0) {
            suggestions.add(candidate.term());
          }
        }
        return suggestions;
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("suggest failed", e);
    }
  }
}
