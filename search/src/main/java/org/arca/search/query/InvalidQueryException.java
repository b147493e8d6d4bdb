package org.arca.search.query;

/**
 * A search request that cannot be answered as asked: a query with an unknown field, an unclosed quote, a page
 * out of range. The message says what is wrong in words a researcher understands; answered with 400.
 */
public class InvalidQueryException extends RuntimeException {
  private final int position;

  public InvalidQueryException(String message) {
    this(message, -1);
  }

  /** @param position where in the query text the problem is (0-based), or -1 */
  public InvalidQueryException(String message, int position) {
    super(message);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
