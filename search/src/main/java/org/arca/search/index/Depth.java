package org.arca.search.index;

/** How much of an image must be read again to bring its document up to date. */
public enum Depth {
  /** Tags, recipes, referrers and flags; the stored content is reused (read in full if there is none). */
  REFERENCES,
  /** Everything: manifest, config and layers. */
  CONTENT;

  Depth max(Depth other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }
}
