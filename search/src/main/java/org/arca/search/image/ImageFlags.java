package org.arca.search.image;

/**
 * Facts about an image that other features own: whether it has a DOI, a SIF and a curator's vetting. Search reads
 * them at indexing time from {@link org.arca.search.index.IndexEnricher}s (and sees a SIF referrer by itself).
 *
 * @param doi the DOI, or null
 */
public record ImageFlags(String doi, boolean hasSif, boolean vetted) {
  public static final ImageFlags NONE = new ImageFlags(null, false, false);

  /** Both sets of facts together: a DOI either knows, a flag either sets. */
  public ImageFlags merge(ImageFlags other) {
    if (other == null) {
      return this;
    }
    return new ImageFlags(doi != null ? doi : other.doi, hasSif || other.hasSif, vetted || other.vetted);
  }

  public boolean hasDoi() {
    return doi != null && !doi.isBlank();
  }
}
