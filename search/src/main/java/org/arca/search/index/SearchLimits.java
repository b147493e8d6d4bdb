package org.arca.search.index;

/**
 * Caps on what indexing reads from one image, so that a huge image costs bounded time and index space.
 *
 * @param maxLayerBytes uncompressed layer bytes read per image; the rest is not scanned
 * @param maxDocuments documentation files (READMEs, licences, copyright files) extracted per image
 * @param maxDocumentChars characters of text kept per documentation file
 */
public record SearchLimits(long maxLayerBytes, int maxDocuments, int maxDocumentChars) {
  public static final SearchLimits DEFAULT = new SearchLimits(8L << 30, 200, 16 * 1024);
}
