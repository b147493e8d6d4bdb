package org.arca.search.query;

import java.util.List;

/** One part of a parsed query. */
public sealed interface QueryClause {

  boolean negated();

  /**
   * A free-text word, ranked across all text fields. Words need not all match unless {@code required}
   * ({@code +word}, {@code word AND other}).
   */
  record Word(String text, boolean negated, boolean required) implements QueryClause {
    public Word(String text, boolean negated) {
      this(text, negated, false);
    }
  }

  /** A quoted phrase: its words in this order. */
  record Phrase(String text, boolean negated) implements QueryClause {}

  /** {@code field:value}: an exact filter. */
  record Field(String field, String value, boolean negated, int position) implements QueryClause {}

  /** {@code a OR b OR ...}: at least one of the alternatives (words, phrases or filters, none negated) matches. */
  record AnyOf(List<QueryClause> alternatives) implements QueryClause {
    public AnyOf {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public boolean negated() {
      return false;
    }
  }
}
