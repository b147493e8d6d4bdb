package org.arca.search.index;

import org.arca.search.image.ImageFlags;
import org.arca.search.image.ImageKey;

/**
 * Lets the features search knows nothing about add facts to an image's document: whether it has a DOI, a SIF, a
 * curator's vetting. Every {@code IndexEnricher} bean is asked each time an image is (re)indexed; their answers are
 * merged. When such a fact changes, call {@link SearchIndexer#refresh} so the document is written again.
 *
 * <p>Features do not depend on each other, so the application (registry-server) provides these beans, as adapters
 * over the preservation and converter services.
 */
@FunctionalInterface
public interface IndexEnricher {

  /** The flags this enricher knows for the image; {@link ImageFlags#NONE} when it knows nothing. */
  ImageFlags flags(ImageKey image);
}
