package org.arca.search.index;

/**
 * Names of the index's fields, shared by the document builder and the query side. Keyword fields hold lower-cased
 * exact terms; text fields are analysed (see {@link Analyzers}).
 */
public final class SearchFields {
  // identity (keyword, stored where a hit needs it)
  public static final String ID = "id";
  public static final String REPOSITORY = "repository";
  /** The repository and each of its ancestors ({@code biocontainers/samtools}, {@code biocontainers}). */
  public static final String REPO = "repo";
  /** The first path component of the repository: the unit a visibility filter will usually work on. */
  public static final String NAMESPACE = "namespace";
  public static final String DIGEST = "digest";
  public static final String TAG = "tag";
  public static final String TAGS_STORED = "tags_stored";
  /** The image's findable DOI, stored for hits. */
  public static final String DOI_STORED = "doi_stored";
  /** The tag the image's DOI was minted for, stored: a hit shows it while the image has it. */
  public static final String CITED_TAG = "cited_tag";
  public static final String ARCH = "arch";
  public static final String PLATFORM = "platform";
  public static final String SIZE = "size";
  public static final String PUSHED = "pushed";
  public static final String EPOCH = "epoch";
  public static final String CHILD = "child";
  public static final String REFERRER = "referrer";
  public static final String TITLE = "title";
  public static final String SOURCE = "source";
  /** Set on images a curator withdrew; every search and suggestion leaves them out (not a user's {@code has:}). */
  public static final String WITHDRAWN = "withdrawn";

  // searched as keywords by field queries
  public static final String NAME_EXACT = "name_exact";
  public static final String VERSION = "version";
  public static final String LABEL = "label";
  public static final String LABEL_KEY = "label_key";
  public static final String PACKAGE = "package";
  public static final String LICENSE = "license";
  public static final String BASE = "base";
  public static final String HAS = "has";
  public static final String RECIPE_KIND = "recipe_kind";
  public static final String SUGGEST = "suggest";

  // free text
  public static final String NAME = "name";
  public static final String REPO_TEXT = "repo_text";
  public static final String SUMMARY = "summary";
  public static final String DESCRIPTION = "description";
  public static final String KEYWORDS = "keywords";
  public static final String LABEL_TEXT = "label_text";
  public static final String PACKAGE_TEXT = "package_text";
  public static final String DOCS = "docs";
  /**
   * How the image was built: its config history ({@code created_by}) and the text of its attached recipes, in one
   * field (with a position gap between values, so no phrase spans two). They usually say the same thing, and two
   * fields made every word and phrase match and score the same text twice.
   */
  public static final String BUILD = "build";

  // facet dimensions
  public static final String FACET_LICENSE = "license";
  public static final String FACET_BASE = "base";
  public static final String FACET_ARCH = "arch";
  public static final String FACET_DOI = "hasDoi";
  public static final String FACET_SIF = "hasSif";
  public static final String FACET_VETTED = "vetted";

  private SearchFields() {}
}
