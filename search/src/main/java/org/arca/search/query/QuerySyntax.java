package org.arca.search.query;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the query language researchers type: words (ranked), {@code "quoted phrases"}, {@code field:value} filters
 * with optional quotes ({@code label:about.summary="RNA folding"}), {@code -} or {@code NOT} before any of them to
 * exclude, {@code +} before a word or {@code AND} between two parts to require them, {@code OR} between parts of which
 * one at least must match, and {@code *} alone for every image. Words need not all match; phrases and filters must.
 * {@code OR} joins its neighbours before {@code AND} does ({@code samtools AND bwa OR bowtie2} wants samtools and
 * one of the other two); parentheses are not supported. What is ignored is said in {@link Parsed#notes()}.
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
  /** Operators as people type them: in capitals, or as in programming languages. */
  private static final Map<String, Operator> OPERATORS = Map.of("AND", Operator.AND, "&&", Operator.AND,
      "OR", Operator.OR, "||", Operator.OR, "NOT", Operator.NOT);
  private static final Set<String> LOWER_CASE_OPERATORS = Set.of("and", "or", "not");

  private enum Operator { AND, OR, NOT }

  /**
   * A parsed query.
   *
   * @param notes what in the query was ignored and why, for the asker; empty when everything was understood
   */
  public record Parsed(List<QueryClause> clauses, List<String> notes) {}

  /** Neighbouring parts joined by {@code OR} (one at least must match), and whether {@code AND} requires them. */
  private static final class Unit {
    final List<QueryClause> members = new ArrayList<>();
    boolean required;

    Unit(QueryClause first) {
      members.add(first);
    }

    boolean negated() {
      return members.get(0).negated();
    }

    QueryClause clause() {
      if (members.size() > 1) {
        return new QueryClause.AnyOf(members);
      }
      QueryClause only = members.get(0);
      return required && only instanceof QueryClause.Word word && !word.negated()
          ? new QueryClause.Word(word.text(), false, true) : only;
    }
  }

  private QuerySyntax() {}

  public static List<QueryClause> parse(String query) {
    return read(query).clauses();
  }

  /** Parses a query; throws {@link InvalidQueryException} for one that cannot be read at all. */
  public static Parsed read(String query) {
    if (query == null) {
      return new Parsed(List.of(), List.of());
    }
    if (query.length() > MAX_LENGTH) {
      throw new InvalidQueryException("the query is " + query.length() + " characters long; at most " + MAX_LENGTH
          + " are accepted");
    }
    Set<String> notes = new LinkedHashSet<>();
    List<Object> parts = new ArrayList<>(); // clauses and operators, in order
    int i = 0;
    int n = query.length();
    while (i < n) {
      char c = query.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '(' || c == ')') {
        notes.add(PARENTHESES);
        i++;
        continue;
      }
      int start = i;
      int tokenEnd = i;
      while (tokenEnd < n && !Character.isWhitespace(query.charAt(tokenEnd))) {
        tokenEnd++;
      }
      Operator operator = OPERATORS.get(query.substring(i, tokenEnd));
      if (operator != null) {
        parts.add(operator);
        i = tokenEnd;
        continue;
      }
      boolean negated = false;
      boolean required = false;
      if ((c == '-' || c == '+') && i + 1 < n && !Character.isWhitespace(query.charAt(i + 1))) {
        negated = c == '-';
        required = c == '+';
        i++;
      }
      if (query.charAt(i) == '"') {
        int end = query.indexOf('"', i + 1);
        if (end < 0) {
          throw new InvalidQueryException("the quote at position " + (i + 1) + " is not closed", i);
        }
        String phrase = query.substring(i + 1, end).strip();
        if (!phrase.isEmpty()) {
          parts.add(new QueryClause.Phrase(phrase, negated));
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
        word(token, negated, required, notes).ifPresent(parts::add);
        continue;
      }
      String name = query.substring(start + (negated || required ? 1 : 0), colon).toLowerCase(Locale.ROOT);
      if (name.startsWith("(")) {
        notes.add(PARENTHESES);
        name = name.replaceFirst("^\\(+", "");
      }
      String field = FIELDS.get(name);
      if (field == null) {
        throw new InvalidQueryException("unknown field '" + name + "' in '" + query.substring(start, j)
            + "'; fields are " + String.join(", ", new TreeSet<>(FIELDS.values()))
            + " (put a value containing ':' in quotes)", start);
      }
      String rawValue = query.substring(colon + 1, j);
      if (rawValue.endsWith(")") && !rawValue.contains("(")) {
        notes.add(PARENTHESES);
        rawValue = rawValue.replaceFirst("\\)+$", "");
      }
      String value = unquote(rawValue);
      if (value.isBlank()) {
        throw new InvalidQueryException("'" + name + ":' needs a value, e.g. " + example(field), colon + 1);
      }
      parts.add(new QueryClause.Field(field, value, negated, start));
    }
    List<QueryClause> clauses = combine(parts, notes);
    int count = clauses.stream().mapToInt(c -> c instanceof QueryClause.AnyOf any ? any.alternatives().size() : 1)
        .sum();
    if (count > MAX_CLAUSES) {
      throw new InvalidQueryException("the query has " + count + " parts; at most " + MAX_CLAUSES
          + " are accepted");
    }
    return new Parsed(clauses, List.copyOf(notes));
  }

  private static final String PARENTHESES = "parentheses are not supported and were ignored; OR joins its"
      + " neighbours before AND does, so 'samtools AND bwa OR bowtie2' wants samtools and one of the other two";

  /** A free-text word, or none for {@code *} (every image) and what is left of a word once ignored parts go. */
  private static Optional<QueryClause> word(String token, boolean negated, boolean required,
      Set<String> notes) {
    String text = token.replace("\"", "");
    if (text.startsWith("(") || text.endsWith(")")) {
      notes.add(PARENTHESES);
      text = text.replaceAll("^\\(+|\\)+$", "");
    }
    if (!text.isEmpty() && text.chars().allMatch(ch -> ch == '*')) {
      if (negated) {
        notes.add("'-" + text + "' would exclude every image and was ignored");
      }
      return Optional.empty(); // every image: what the other parts, if any, find anyway
    }
    if (text.contains("*")) {
      notes.add("'*' stands alone for every image, or ends a field value as in repo:biocontainers/*; in '" + text
          + "' it was ignored");
      text = text.replace("*", "");
    }
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!negated && !required && LOWER_CASE_OPERATORS.contains(text)) {
      notes.add("'" + text + "' was read as a word, and such common words are not searched for; write "
          + text.toUpperCase(Locale.ROOT) + " in capitals for the operator");
    }
    return Optional.of(new QueryClause.Word(text, negated, required));
  }

  /** Applies NOT, then OR, then AND to the parts between them, saying in {@code notes} which ones join nothing. */
  private static List<QueryClause> combine(List<Object> parts, Set<String> notes) {
    List<Object> negatedOnce = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      Object part = parts.get(k);
      if (part != Operator.NOT) {
        negatedOnce.add(part);
      } else if (k + 1 < parts.size() && parts.get(k + 1) instanceof QueryClause next) {
        negatedOnce.add(negate(next));
        k++;
      } else {
        notes.add("NOT " + (k + 1 < parts.size() ? "before " + parts.get(k + 1) : "at the end")
            + " excludes nothing and was ignored");
      }
    }
    List<Unit> units = new ArrayList<>();
    Operator pending = null;
    for (Object part : negatedOnce) {
      if (part instanceof Operator operator) {
        if (units.isEmpty() || pending != null) {
          notes.add(operator + (units.isEmpty() ? " at the start" : " after " + pending)
              + " joins nothing and was ignored");
        } else {
          pending = operator;
        }
        continue;
      }
      QueryClause clause = (QueryClause) part;
      Unit last = units.isEmpty() ? null : units.get(units.size() - 1);
      if (pending == Operator.OR && !last.negated() && !clause.negated()) {
        last.members.add(clause);
      } else {
        if (pending == Operator.OR) {
          notes.add("an exclusion cannot be an alternative: OR next to it was ignored");
        }
        Unit unit = new Unit(clause);
        if (pending == Operator.AND) {
          last.required = true;
          unit.required = true;
        }
        units.add(unit);
      }
      pending = null;
    }
    if (pending != null) {
      notes.add(pending + " at the end joins nothing and was ignored");
    }
    return units.stream().map(Unit::clause).toList();
  }

  private static QueryClause negate(QueryClause clause) {
    if (clause instanceof QueryClause.Word w) {
      return new QueryClause.Word(w.text(), true, false);
    }
    if (clause instanceof QueryClause.Phrase p) {
      return new QueryClause.Phrase(p.text(), true);
    }
    if (clause instanceof QueryClause.Field f) {
      return new QueryClause.Field(f.field(), f.value(), true, f.position());
    }
    return clause; // OR groups are built after NOT is applied
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
