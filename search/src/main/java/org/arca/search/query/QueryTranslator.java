package org.arca.search.query;

import static org.arca.search.index.SearchFields.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import java.io.IOException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;
import org.arca.search.index.Analyzers;
import org.arca.search.index.BaseImageNames;
import org.arca.search.index.LicenseNames;
import org.arca.search.recipe.RecipeKind;

/**
 * Turns parsed clauses into a Lucene query. Ranking: a word counts most in a tool's exact name, then in its name and
 * repository, then keywords and summary, then packages, descriptions and labels, and least in documentation,
 * recipes and build history; each word may also match with a typo (less). A word followed by a version
 * ({@code samtools 1.17}) also looks for that package at that version. Filters ({@code field:value}) do not rank.
 * Required words ({@code +word}, {@code AND}) must match and rank as other words do; of an {@code OR} group at least
 * one alternative must match, and its words and phrases rank.
 */
public final class QueryTranslator {
  /** Free-text fields and their weights. */
  private static final List<Weighted> TEXT_FIELDS = List.of(
      new Weighted(NAME, 6f), new Weighted(REPO_TEXT, 4f), new Weighted(KEYWORDS, 3f), new Weighted(SUMMARY, 3f),
      new Weighted(PACKAGE_TEXT, 1.5f), new Weighted(DESCRIPTION, 1.5f), new Weighted(LABEL_TEXT, 1f),
      new Weighted(DOCS, 0.8f), new Weighted(BUILD, 0.5f));
  /** Long texts, where a phrase is matched but not scored by how often it occurs. */
  private static final Set<String> LONG_FIELDS = Set.of(BUILD, DOCS);
  private static final float EXACT_NAME_BOOST = 10f;
  private static final float VERSION_BOOST = 2f;
  private static final float PACKAGE_VERSION_BOOST = 8f;
  private static final float FUZZY_NAME_BOOST = 2f;
  private static final float FUZZY_PROSE_BOOST = 1f;
  /** Words and their typos are alternatives: the best field counts, the others add a little. */
  private static final float TIE_BREAKER = 0.1f;
  /** Typo corrections considered per word and field, the nearest and most common first. */
  private static final int MAX_TYPO_TERMS = 8;
  private static final Pattern VERSION_WORD = Pattern.compile("v?\\d+(\\.[0-9A-Za-z]+)*");
  private static final Pattern FUZZABLE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{3,}");

  private record Weighted(String field, float boost) {}

  private final QueryBuilder names = new QueryBuilder(Analyzers.names());
  private final QueryBuilder prose = new QueryBuilder(Analyzers.prose());
  private final Analyzer proseAnalyzer = Analyzers.prose();

  /** The query for parsed clauses, without typo tolerance (which needs the index's terms). */
  public Query translate(List<QueryClause> clauses) {
    return translate(clauses, null);
  }

  /**
   * The query for parsed clauses; no clauses match every image.
   *
   * @param reader the index whose terms typo tolerance looks at, or null for none
   */
  public Query translate(List<QueryClause> clauses, IndexReader reader) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    List<QueryClause.Word> words = new ArrayList<>();
    boolean positive = false;
    for (QueryClause clause : clauses) {
      if (clause instanceof QueryClause.Word word) {
        if (word.negated()) {
          Query q = wordQuery(word.text(), false, null);
          if (q != null) {
            query.add(q, Occur.MUST_NOT);
          }
        } else if (word.required()) {
          Query q = wordQuery(word.text(), true, reader);
          if (q != null) {
            query.add(q, Occur.MUST);
            positive = true;
          }
        } else {
          words.add(word);
        }
      } else if (clause instanceof QueryClause.AnyOf any) {
        Query q = anyOfQuery(any, reader);
        if (q != null) {
          query.add(q, ranks(any) ? Occur.MUST : Occur.FILTER);
          positive = true;
        }
      } else if (clause instanceof QueryClause.Phrase phrase) {
        Query q = phraseQuery(phrase.text());
        if (q != null) {
          query.add(q, phrase.negated() ? Occur.MUST_NOT : Occur.MUST);
          positive |= !phrase.negated();
        }
      } else if (clause instanceof QueryClause.Field field) {
        query.add(fieldQuery(field), field.negated() ? Occur.MUST_NOT : Occur.FILTER);
        positive |= !field.negated();
      }
    }
    words = meaningful(words);
    int wordQueries = 0;
    for (int i = 0; i < words.size(); i++) {
      Query q = wordQuery(words.get(i).text(), true, reader);
      if (q != null) {
        query.add(q, Occur.SHOULD);
        wordQueries++;
      }
      if (i + 1 < words.size() && VERSION_WORD.matcher(words.get(i + 1).text()).matches()
          && !VERSION_WORD.matcher(words.get(i).text()).matches()) {
        String version = words.get(i + 1).text().replaceFirst("^v", "");
        query.add(new BoostQuery(new TermQuery(new Term(PACKAGE,
            words.get(i).text().toLowerCase(Locale.ROOT) + "@" + version.toLowerCase(Locale.ROOT))),
            PACKAGE_VERSION_BOOST), Occur.SHOULD);
      }
    }
    if (wordQueries > 0) {
      query.setMinimumNumberShouldMatch(1);
      positive = true;
    }
    if (!positive) {
      query.add(new MatchAllDocsQuery(), Occur.FILTER); // only exclusions (or nothing): start from every image
    }
    return query.build();
  }

  /** Whether a clause has words or phrases to rank by. */
  static boolean ranks(QueryClause clause) {
    if (clause instanceof QueryClause.AnyOf any) {
      return any.alternatives().stream().anyMatch(QueryTranslator::ranks);
    }
    return !clause.negated() && (clause instanceof QueryClause.Word || clause instanceof QueryClause.Phrase);
  }

  /** At least one of the alternatives; null when none of them can match (only stop words). */
  private Query anyOfQuery(QueryClause.AnyOf any, IndexReader reader) {
    BooleanQuery.Builder alternatives = new BooleanQuery.Builder();
    int count = 0;
    for (QueryClause alternative : any.alternatives()) {
      Query q;
      if (alternative instanceof QueryClause.Word word) {
        q = wordQuery(word.text(), true, reader);
      } else if (alternative instanceof QueryClause.Phrase phrase) {
        q = phraseQuery(phrase.text());
      } else {
        // a filter among ranked alternatives decides whether an image matches, not how well
        q = new BoostQuery(new ConstantScoreQuery(fieldQuery((QueryClause.Field) alternative)), 0f);
      }
      if (q != null) {
        alternatives.add(q, Occur.SHOULD);
        count++;
      }
    }
    return count == 0 ? null : alternatives.setMinimumNumberShouldMatch(1).build();
  }

  /**
   * Words that describe the search rather than the image ("a tool for ...", "an image with ...") are left out when
   * other words remain, so they neither rank nor inflate the number of hits.
   */
  private static List<QueryClause.Word> meaningful(List<QueryClause.Word> words) {
    List<QueryClause.Word> kept = words.stream()
        .filter(w -> !GENERIC_WORDS.contains(w.text().toLowerCase(Locale.ROOT))).toList();
    return kept.isEmpty() ? words : kept;
  }

  private static final java.util.Set<String> GENERIC_WORDS = java.util.Set.of("tool", "tools", "program", "programs",
      "software", "image", "images", "container", "containers", "package", "packages", "from", "using", "with",
      "which", "what", "some", "any", "need", "want", "find", "me", "my", "i", "can", "do", "does", "how");

  /** A word across the text fields, with its typos when {@code fuzzy}; null when it is only a stop word. */
  private Query wordQuery(String word, boolean fuzzy, IndexReader reader) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(lower)) {
      return null; // "an image with samtools": the little words would match nearly every recipe
    }
    List<Query> alternatives = new ArrayList<>();
    alternatives.add(new BoostQuery(new TermQuery(new Term(NAME_EXACT, lower)), EXACT_NAME_BOOST));
    alternatives.add(new BoostQuery(new TermQuery(new Term(VERSION, lower.replaceFirst("^v(?=\\d)", ""))),
        VERSION_BOOST));
    for (Weighted field : TEXT_FIELDS) {
      Query q = builderFor(field.field()).createPhraseQuery(field.field(), word);
      if (q != null) {
        alternatives.add(new BoostQuery(q, field.boost()));
      }
    }
    if (fuzzy && reader != null && FUZZABLE.matcher(word).matches() && !word.contains("-")) {
      // two typos only in long names; prose words (stemmed) get one typo after a two-letter prefix
      typos(alternatives, reader, NAME, lower, word.length() >= 8 ? 2 : 1, 1, FUZZY_NAME_BOOST);
      String stem = stem(word);
      if (stem != null && stem.length() >= 4) {
        typos(alternatives, reader, SUMMARY, stem, 1, 2, FUZZY_PROSE_BOOST);
        typos(alternatives, reader, KEYWORDS, stem, 1, 2, FUZZY_PROSE_BOOST);
      }
    }
    return new DisjunctionMaxQuery(alternatives, TIE_BREAKER);
  }

  private static void typos(List<Query> alternatives, IndexReader reader, String field, String term, int edits,
      int prefix, float boost) {
    try {
      for (Typos.Near near : Typos.near(reader, field, term, edits, prefix, MAX_TYPO_TERMS)) {
        alternatives.add(new BoostQuery(new TermQuery(new Term(field, near.term())), boost / near.distance()));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String stem(String word) {
    try (var stream = proseAnalyzer.tokenStream(SUMMARY, word)) {
      var term = stream.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
      stream.reset();
      String first = stream.incrementToken() ? term.toString() : null;
      boolean more = first != null && stream.incrementToken();
      stream.end();
      return more ? null : first;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private QueryBuilder builderFor(String field) {
    return switch (field) {
      case NAME, REPO_TEXT, PACKAGE_TEXT, BUILD -> names;
      default -> prose;
    };
  }

  private Query phraseQuery(String text) {
    List<Query> alternatives = new ArrayList<>();
    for (Weighted field : TEXT_FIELDS) {
      Query q = builderFor(field.field()).createPhraseQuery(field.field(), text);
      if (q != null && LONG_FIELDS.contains(field.field())) {
        // Scoring a phrase counts every occurrence in the document, where matching stops at the first: in long
        // texts (a recipe with a dozen apt-get lines) that full scan was most of a broad phrase's time, and how
        // often a phrase recurs in a build script says little about relevance
        q = new ConstantScoreQuery(q);
      }
      if (q != null) {
        alternatives.add(new BoostQuery(q, field.boost()));
      }
    }
    return alternatives.isEmpty() ? null : new DisjunctionMaxQuery(alternatives, TIE_BREAKER);
  }

  private Query fieldQuery(QueryClause.Field clause) {
    String value = clause.value();
    String lower = value.toLowerCase(Locale.ROOT);
    return switch (clause.field()) {
      case "repo" -> keyword(REPO, lower);
      case "tag" -> keyword(TAG, lower);
      case "digest" -> keyword(DIGEST, lower.contains(":") ? lower : "sha256:" + lower);
      case "arch" -> keyword(ARCH, lower);
      case "version" -> keyword(VERSION, lower.replaceFirst("^v(?=\\d)", ""));
      case "package" -> {
        int at = lower.indexOf('@');
        if (at == 0 || at == lower.length() - 1) {
          throw new InvalidQueryException("'package:" + value + "' needs a name before '@' and a version after it,"
              + " e.g. package:samtools@1.17", clause.position());
        }
        yield keyword(PACKAGE, lower);
      }
      case "label" -> {
        int eq = lower.indexOf('=');
        if (eq == 0) {
          throw new InvalidQueryException("'label:" + value + "' needs a key before '=', e.g. "
              + QuerySyntax.example("label"), clause.position());
        }
        yield eq < 0 ? keyword(LABEL_KEY, lower)
            : keyword(LABEL, lower.substring(0, eq).strip() + "=" + lower.substring(eq + 1).strip());
      }
      case "license" -> {
        if (lower.endsWith("*")) {
          yield keyword(LICENSE, lower);
        }
        yield new TermQuery(new Term(LICENSE, LicenseNames.queryTerm(value)));
      }
      case "base" -> keyword(BASE, lower.endsWith("*") ? lower : BaseImageNames.normalize(value));
      case "has" -> {
        if (!QuerySyntax.HAS_VALUES.contains(lower)) {
          throw new InvalidQueryException("'has:" + value + "' is not known; use " + QuerySyntax.example("has"),
              clause.position());
        }
        yield new TermQuery(new Term(HAS, lower));
      }
      case "recipe" -> {
        String kind = switch (lower) {
          case "docker", "dockerfile", "containerfile" -> RecipeKind.DOCKERFILE.shortName();
          case "singularity", "apptainer", "def" -> RecipeKind.SINGULARITY.shortName();
          case "conda", "environment", "environment.yml" -> RecipeKind.CONDA_ENVIRONMENT.shortName();
          case "pip", "requirements", "requirements.txt" -> RecipeKind.PIP_REQUIREMENTS.shortName();
          default -> throw new InvalidQueryException("'recipe:" + value
              + "' is not a recipe kind; use dockerfile, singularity, conda or requirements", clause.position());
        };
        yield new TermQuery(new Term(RECIPE_KIND, kind));
      }
      case "name" -> {
        Query q = names.createPhraseQuery(NAME, value);
        if (q == null) {
          throw new InvalidQueryException("'name:" + value + "' has no searchable characters", clause.position());
        }
        yield q;
      }
      default -> throw new InvalidQueryException("unknown field '" + clause.field() + "'", clause.position());
    };
  }

  /** An exact keyword, or all keywords starting with what precedes a trailing {@code *}. */
  private static Query keyword(String field, String value) {
    if (value.endsWith("*")) {
      String prefix = value.substring(0, value.length() - 1);
      if (prefix.isEmpty() || prefix.contains("*")) {
        throw new InvalidQueryException("a wildcard '*' may only end a value and needs at least one character"
            + " before it, as in repo:biocontainers/*");
      }
      return new PrefixQuery(new Term(field, prefix));
    }
    if (value.contains("*")) {
      throw new InvalidQueryException("a wildcard '*' may only end a value, as in repo:biocontainers/*");
    }
    return new TermQuery(new Term(field, value));
  }
}
