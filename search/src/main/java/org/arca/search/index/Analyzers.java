package org.arca.search.index;

import java.io.Reader;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The two ways search reads text. Prose (summaries, descriptions, documentation) is stemmed English, so that
 * "aligner" finds "alignment". Names (tools, repositories, packages, build commands) are only split and lower-cased:
 * stemming "samtools" or "bedtools" would only blur them, and {@code _} separates words in tool names as {@code -} does.
 */
public final class Analyzers {
  /** Keeps a phrase from matching across two values of a multi-valued field (two history entries). */
  private static final int POSITION_GAP = 100;

  private Analyzers() {}

  public static Analyzer prose() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new EnglishPossessiveFilter(source);
        stream = new LowerCaseFilter(stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(stream, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
      }

      @Override
      public int getPositionIncrementGap(String fieldName) {
        return POSITION_GAP;
      }
    };
  }

  public static Analyzer names() {
    NormalizeCharMap.Builder map = new NormalizeCharMap.Builder();
    map.add("_", " ");
    NormalizeCharMap underscoreIsSpace = map.build();
    return new Analyzer() {
      @Override
      protected Reader initReader(String fieldName, Reader reader) {
        return new MappingCharFilter(underscoreIsSpace, reader);
      }

      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream stream = new LowerCaseFilter(source);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(source, stream);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in));
      }

      @Override
      public int getPositionIncrementGap(String fieldName) {
        return POSITION_GAP;
      }
    };
  }

  /** The analyzer of every field: names for name-like fields, prose for the rest. */
  public static Analyzer perField() {
    Analyzer names = names();
    return new PerFieldAnalyzerWrapper(prose(), Map.of(
        SearchFields.NAME, names,
        SearchFields.REPO_TEXT, names,
        SearchFields.PACKAGE_TEXT, names,
        SearchFields.BUILD, names));
  }
}
