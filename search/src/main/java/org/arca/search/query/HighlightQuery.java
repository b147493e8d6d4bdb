package org.arca.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SynonymQuery;
import org.apache.lucene.search.TermQuery;

/**
 * The part of a search's query that can match in the highlighted fields. The highlighter checks every clause it is
 * given against each hit, and the full query has a dozen fields per word; this keeps the words, phrases and typo
 * corrections of those fields only, as they were chosen for the search, so nothing is looked up a second time.
 */
final class HighlightQuery {

  private HighlightQuery() {}

  /** The clauses of {@code query} on {@code fields}, exclusions left out; null when none is left. */
  static Query of(Query query, Set<String> fields) {
    if (query instanceof BoostQuery boost) {
      Query inner = of(boost.getQuery(), fields);
      return inner == null ? null : new BoostQuery(inner, boost.getBoost());
    }
    if (query instanceof DisjunctionMaxQuery max) {
      List<Query> kept = new ArrayList<>();
      for (Query disjunct : max.getDisjuncts()) {
        Query q = of(disjunct, fields);
        if (q != null) {
          kept.add(q);
        }
      }
      return kept.isEmpty() ? null : new DisjunctionMaxQuery(kept, max.getTieBreakerMultiplier());
    }
    if (query instanceof BooleanQuery bool) {
      BooleanQuery.Builder kept = new BooleanQuery.Builder();
      boolean any = false;
      for (BooleanClause clause : bool.clauses()) {
        Query q = clause.getOccur() == Occur.MUST_NOT ? null : of(clause.getQuery(), fields);
        if (q != null) {
          kept.add(q, Occur.SHOULD);
          any = true;
        }
      }
      return any ? kept.build() : null;
    }
    String field = null;
    if (query instanceof TermQuery term) {
      field = term.getTerm().field();
    } else if (query instanceof PhraseQuery phrase) {
      field = phrase.getField();
    } else if (query instanceof MultiPhraseQuery phrase) {
      field = phrase.getTermArrays()[0][0].field();
    } else if (query instanceof SynonymQuery synonyms) {
      field = synonyms.getField();
    }
    return field != null && fields.contains(field) ? query : null;
  }
}
