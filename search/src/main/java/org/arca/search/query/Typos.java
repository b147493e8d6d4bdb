package org.arca.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * Finds the indexed terms within one or two typos of a word: insertions, deletions, substitutions and swaps of two
 * neighbouring letters (optimal string alignment distance). It walks only the terms that share the word's first
 * letters, which in a field of names or summary words are a few hundred at most. That is far cheaper per query than
 * building Levenshtein automata, which cost milliseconds each, so typo tolerance stays within the latency budget.
 */
final class Typos {
  /** A term and how many typos away from the word it is. */
  record Near(String term, int distance, int docFreq) {}

  private static final int MAX_SCANNED = 5_000;

  private Typos() {}

  static List<Near> near(IndexReader reader, String field, String word, int maxEdits, int prefixLength, int max)
      throws IOException {
    if (word.length() <= prefixLength) {
      return List.of();
    }
    Terms terms = MultiTerms.getTerms(reader, field);
    if (terms == null) {
      return List.of();
    }
    BytesRef prefix = new BytesRef(word.substring(0, prefixLength));
    TermsEnum it = terms.iterator();
    if (it.seekCeil(prefix) == TermsEnum.SeekStatus.END) {
      return List.of();
    }
    List<Near> found = new ArrayList<>();
    int scanned = 0;
    do {
      BytesRef term = it.term();
      if (!StringHelper.startsWith(term, prefix) || ++scanned > MAX_SCANNED) {
        break;
      }
      if (Math.abs(term.length - word.length()) > maxEdits) {
        continue;
      }
      String candidate = term.utf8ToString();
      int distance = distance(word, candidate, maxEdits);
      if (distance > 0 && distance <= maxEdits) {
        found.add(new Near(candidate, distance, it.docFreq()));
      }
    } while (it.next() != null);
    found.sort(Comparator.comparingInt(Near::distance).thenComparing(Comparator.comparingInt(Near::docFreq).reversed()));
    return found.size() > max ? found.subList(0, max) : found;
  }

  /** Optimal string alignment distance, or {@code max + 1} as soon as it must exceed {@code max}. */
  static int distance(String a, String b, int max) {
    int n = a.length();
    int m = b.length();
    int[] before = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > max) {
        return max + 1;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return previous[m];
  }
}
