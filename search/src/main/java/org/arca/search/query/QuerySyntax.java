package org.arca.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the query language researchers type: words (ranked), {@code "quoted phrases"}, {@code field:value} filters
 * with optional quotes ({@code label:about.summary="RNA folding"}), and {@code -} before any of them to exclude.
 * Words need not all match; phrases and filters must.
 */
public final class QuerySyntax {
  public static final int MAX_LENGTH = 1000;
  public static final int MAX_CLAUSES = 32;
  /** Field names and their aliases, mapped to the canonical name. */
  static final Map<String, String> FIELDS = Map.ofEntries(
      Map.entry("repo", "repo"), Map.entry("repository", "repo"),
      Map.entry("tag", "tag"),
      Map.entry("digest", "digest"),
      Map.entry("arch", "arch"), Map.entry("architecture", "arch"),
      Map.entry("package", "package"), Map.entry("pkg", "package"),
      Map.entry("label", "label"), Map.entry("annotation", "label"),
      Map.entry("license", "license"), Map.entry("licence", "license"),
      Map.entry("base", "base"), Map.entry("from", "base"),
      Map.entry("has", "has"), Map.entry("is", "has"),
      Map.entry("recipe", "recipe"),
      Map.entry("version", "version"),
      Map.entry("name", "name"));
  static final Set<String> HAS_VALUES = Set.of("doi", "sif", "recipe", "vetted");

  private QuerySyntax() {}

  public static List<QueryClause> parse(String query) {
    if (query == null) {
      return List.of();
    }
    if (query.length() > MAX_LENGTH) {
      throw new InvalidQueryException("the query is " + query.length() + " characters long; at most " + MAX_LENGTH
          + " are accepted");
    }
    List<QueryClause> clauses = new ArrayList<>();
    int i = 0;
    int n = query.length();
    while (i < n) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      boolean negated = false;
      if (c == '-' && i + 1 < n && !Character.isWhitespace(query.charAt(i + 1))) {
        negated = true;
        i++;
      }
      if (query.charAt(i) == '"') {
        int end = query.indexOf('"', i + 1);
        if (end < 0) {
          throw new InvalidQueryException("the quote at position " + (i + 1) + " is not closed", i);
        }
        String phrase = query.substring(i + 1, end).strip();
        if (!phrase.isEmpty()) {
          clauses.add(new QueryClause.Phrase(phrase, negated));
        }
        i = end + 1;
        continue;
      }
      // a word, or field:value where the value may hold a quoted part
      int colon = -1;
      int j = i;
      while (j < n && !Character.isWhitespace(query.charAt(j))) {
        char d = query.charAt(j);
        if (d == ':' && colon < 0) {
          colon = j;
        }
        if (d == '"' && colon >= 0) {
          int end = query.indexOf('"', j + 1);
          if (end < 0) {
            throw new InvalidQueryException("the quote at position " + (j + 1) + " is not closed", j);
          }
          j = end;
        }
        j++;
      }
      String token = query.substring(i, j);
      i = j;
      if (colon < 0) {
        clauses.add(new QueryClause.Word(token.replace("\"", ""), negated));
        continue;
      }
      String name = query.substring(start + (negated ? 1 : 0), colon).toLowerCase(Locale.ROOT);
      String field = FIELDS.get(name);
      if (field == null) {
        throw new InvalidQueryException("unknown field '" + name + "' in '" + query.substring(start, j)
            + "'; fields are " + String.join(", ", new TreeSet<>(FIELDS.values()))
            + " (put a value containing ':' in quotes)", start);
      }
      String value = unquote(query.substring(colon + 1, j));
      if (value.isBlank()) {
        throw new InvalidQueryException("'" + name + ":' needs a value, e.g. " + example(field), colon + 1);
      }
      clauses.add(new QueryClause.Field(field, value, negated, start));
    }
    if (clauses.size() > MAX_CLAUSES) {
      throw new InvalidQueryException("the query has " + clauses.size() + " parts; at most " + MAX_CLAUSES
          + " are accepted");
    }
    return clauses;
  }

  /** Drops the quotes around a value or a part of it ({@code key="a b"} becomes {@code key=a b}). */
  private static String unquote(String value) {
    return value.replace("\"", "").strip();
  }

  static String example(String field) {
    return switch (field) {
      case "repo" -> "repo:biocontainers/samtools";
      case "tag" -> "tag:1.17";
      case "digest" -> "digest:sha256:…";
      case "arch" -> "arch:arm64";
      case "package" -> "package:samtools or package:samtools@1.17";
      case "label" -> "label:about.license=GPL-3 or label:\"about.summary=RNA folding\"";
      case "license" -> "license:GPL-3.0";
      case "base" -> "base:debian:bookworm-slim";
      case "has" -> "has:doi, has:sif, has:recipe or is:vetted";
      case "recipe" -> "recipe:dockerfile";
      case "version" -> "version:1.17";
      default -> "name:samtools";
    };
  }
}
