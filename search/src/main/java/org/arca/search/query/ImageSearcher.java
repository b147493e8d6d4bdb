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
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.BytesRef;
import org.arca.search.image.InstalledPackage;
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
  private static final List<String> FACET_DIMENSIONS = List.of(SearchFields.FACET_LICENSE, SearchFields.FACET_BASE,
      SearchFields.FACET_ARCH, SearchFields.FACET_DOI, SearchFields.FACET_SIF, SearchFields.FACET_VETTED);
  private static final int FACET_VALUES = 10;
  private static final Query WITHDRAWN_IMAGES = new TermQuery(new Term(SearchFields.WITHDRAWN, "true"));
  private static final String[] HIGHLIGHTED = {SearchFields.SUMMARY, SearchFields.DESCRIPTION};
  private static final Set<String> HIT_FIELDS = Set.of(SearchFields.REPOSITORY, SearchFields.DIGEST,
      SearchFields.TAGS_STORED, SearchFields.TITLE, SearchFields.SUMMARY);

  private final SearchIndex index;
  private final QueryTranslator translator = new QueryTranslator();
  private final org.apache.lucene.analysis.Analyzer analyzer = Analyzers.perField();

  public ImageSearcher(SearchIndex index) {
    this.index = index;
  }

  /** Runs a search; throws {@link InvalidQueryException} for a query that cannot be read. */
  public SearchResult search(SearchRequest request) {
    List<QueryClause> clauses = QuerySyntax.parse(request.text());
    try {
      FacetedSearcher searcher = index.acquire();
      try {
        Query query = restrict(translator.translate(clauses, searcher.getIndexReader()), request.visibility());
        int window = request.page() * request.size();
        FacetsCollectorManager.FacetsResult result = FacetsCollectorManager.search(searcher, query, window,
            RELEVANCE_THEN_NEWEST, true, new FacetsCollectorManager());
        TopDocs top = result.topDocs();
        long total = top.totalHits.relation == TotalHits.Relation.EQUAL_TO ? top.totalHits.value
            : searcher.count(query);
        int from = (request.page() - 1) * request.size();
        ScoreDoc[] page = from >= top.scoreDocs.length ? new ScoreDoc[0]
            : java.util.Arrays.copyOfRange(top.scoreDocs, from, top.scoreDocs.length);
        List<SearchHit> hits = hits(searcher, query, clauses, page);
        return new SearchResult(total, hits, facets(searcher.facetState(), result.facetsCollector()));
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search failed", e);
    }
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
    boolean text = clauses.stream().anyMatch(c -> !c.negated()
        && (c instanceof QueryClause.Word || c instanceof QueryClause.Phrase));
    if (text && page.length > 0) {
      UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
          .withFormatter(new DefaultPassageFormatter("<em>", "</em>", "… ", true))
          .withMaxLength(20_000)
          .build();
      int[] docIds = new int[page.length];
      for (int i = 0; i < page.length; i++) {
        docIds[i] = page[i].doc;
      }
      int[] passages = new int[HIGHLIGHTED.length];
      java.util.Arrays.fill(passages, 1);
      highlights = highlighter.highlightFields(HIGHLIGHTED, query, docIds, passages);
    }
    Set<String> packageNames = packageNames(clauses);
    List<SearchHit> hits = new ArrayList<>(page.length);
    for (int i = 0; i < page.length; i++) {
      ScoreDoc hit = page[i];
      Document doc = searcher.storedFields().document(hit.doc, HIT_FIELDS);
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
        String packages = matchedPackages(searcher, hit.doc, packageNames);
        if (!packages.isEmpty()) {
          marks.put("package", packages);
        }
      }
      float score = Float.isNaN(hit.score) ? 0f : hit.score;
      hits.add(new SearchHit(doc.get(SearchFields.REPOSITORY), TagOrder.shown(tags), tags,
          doc.get(SearchFields.DIGEST), doc.get(SearchFields.TITLE), doc.get(SearchFields.SUMMARY), score, marks));
    }
    return hits;
  }

  /** Package names a query asks about, so hits can show which version of them they have. */
  private static Set<String> packageNames(List<QueryClause> clauses) {
    Set<String> names = new LinkedHashSet<>();
    for (QueryClause clause : clauses) {
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

  private static String matchedPackages(IndexSearcher searcher, int doc, Set<String> names) throws IOException {
    BytesRef source = searcher.storedFields().document(doc, Set.of(SearchFields.SOURCE))
        .getBinaryValue(SearchFields.SOURCE);
    if (source == null) {
      return "";
    }
    StoredImage stored = StoredImage.fromBytes(BytesRef.deepCopyOf(source).bytes);
    Set<String> shown = new LinkedHashSet<>();
    for (InstalledPackage p : stored.content().packages()) {
      String name = p.indexName();
      boolean match = names.contains(name) || names.stream()
          .anyMatch(n -> n.endsWith("*") && name.startsWith(n.substring(0, n.length() - 1)));
      if (match) {
        shown.add(p.name() + (p.version() == null ? "" : " " + p.version()) + " (" + p.ecosystem() + ")");
      }
    }
    return String.join(", ", shown);
  }

  private static Map<String, List<FacetValue>> facets(SortedSetDocValuesReaderState state, FacetsCollector collector)
      throws IOException {
    Map<String, List<FacetValue>> facets = new LinkedHashMap<>();
    SortedSetDocValuesFacetCounts counts = state == null ? null : new SortedSetDocValuesFacetCounts(state, collector);
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
