package org.arca.registry.preservation;

import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;

/** An image named in a URL path as {@code <repository>@<digest>}, as citation and provenance URLs name it. */
record ImagePath(RepositoryName repository, Digest digest) {

  /** Parses {@code path}; anything else is a 404 whose message shows {@code usage}. */
  static ImagePath parse(String path, String usage) {
    int at = path.lastIndexOf('@');
    if (at <= 0) {
      throw new RegistryException(OciError.NAME_INVALID, "name the image as " + usage).withStatus(404);
    }
    return new ImagePath(RepositoryName.parse(path.substring(0, at)), Digest.parse(path.substring(at + 1)));
  }
}
