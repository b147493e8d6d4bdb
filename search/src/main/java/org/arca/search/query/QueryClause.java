package org.arca.search.query;

/** One part of a parsed query. */
public sealed interface QueryClause {

  boolean negated();

  /** A free-text word, ranked across all text fields. */
  record Word(String text, boolean negated) implements QueryClause {}

  /** A quoted phrase: its words in this order. */
  record Phrase(String text, boolean negated) implements QueryClause {}

  /** {@code field:value}: an exact filter. */
  record Field(String field, String value, boolean negated, int position) implements QueryClause {}
}
