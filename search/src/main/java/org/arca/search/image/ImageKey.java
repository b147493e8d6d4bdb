package org.arca.search.image;

import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/** One image as search knows it: a manifest (or image index) in a repository. The same digest in two repositories is two images, since each repository has its own tags, recipes and readers. */
public record ImageKey(RepositoryName repository, Digest digest) {

  public ImageKey {
    if (repository == null || digest == null) {
      throw new IllegalArgumentException("an image key needs a repository and a digest");
    }
  }

  /** The document id in the index: {@code repository@digest}. */
  public String id() {
    return repository + "@" + digest;
  }

  @Override
  public String toString() {
    return id();
  }
}
