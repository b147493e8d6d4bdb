package org.arca.search.image;

/**
 * Facts about an image that other features own: whether it has a DOI, a SIF and a curator's vetting, and whether a
 * curator withdrew it. Search reads them at indexing time from {@link org.arca.search.index.IndexEnricher}s (and sees
 * a SIF referrer by itself).
 *
 * @param doi the DOI, or null
 * @param citedTag the tag the DOI was minted for, which hits show while the image still has it; or null
 * @param withdrawn a curator withdrew the image from public view: it stays indexed (so that its platform images are
 *     still known as part of it) but no search, facet count or suggestion shows it
 */
public record ImageFlags(String doi, String citedTag, boolean hasSif, boolean vetted, boolean withdrawn) {
  public static final ImageFlags NONE = new ImageFlags(null, null, false, false, false);
  public static final ImageFlags WITHDRAWN = new ImageFlags(null, null, false, false, true);

  public ImageFlags(String doi, boolean hasSif, boolean vetted) {
    this(doi, null, hasSif, vetted, false);
  }

  /** An image cited by {@code doi}, which was minted for {@code citedTag} (null when the image had no tag). */
  public static ImageFlags cited(String doi, String citedTag) {
    return new ImageFlags(doi, citedTag, false, false, false);
  }

  /** Both sets of facts together: a DOI either knows, a flag either sets. */
  public ImageFlags merge(ImageFlags other) {
    if (other == null) {
      return this;
    }
    return new ImageFlags(doi != null ? doi : other.doi, doi != null ? citedTag : other.citedTag,
        hasSif || other.hasSif, vetted || other.vetted, withdrawn || other.withdrawn);
  }

  public boolean hasDoi() {
    return doi != null && !doi.isBlank();
  }
}
