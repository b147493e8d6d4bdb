package org.arca.registry.api;

import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;

/** Parses path parameters at the edge, so that nothing past a controller sees an unchecked string. */
final class Names {
  private Names() {}

  static RepositoryName repository(String name) {
    return RepositoryName.parse(name);
  }

  /** A repository that may be written: anything but the read-only {@code sif/} mirror and {@code compose/}. */
  static RepositoryName writableRepository(String name) {
    RepositoryName repository = RepositoryName.parse(name);
    if (org.arca.registry.sif.SifMirror.isMirror(repository)) {
      throw org.arca.registry.sif.SifMirror.readOnly(repository);
    }
    if (org.arca.registry.compose.ComposedOnPull.isComposed(repository)) {
      throw org.arca.registry.compose.ComposedOnPull.readOnly(repository);
    }
    return repository;
  }

  static Digest digest(String text) {
    return Digest.parse(text);
  }

  /** The {@code digest} query parameter a commit requires. */
  static Digest requiredDigest(String text, String action) {
    if (text == null || text.isEmpty()) {
      throw new RegistryException(OciError.DIGEST_INVALID, action + ": the digest query parameter is required");
    }
    return Digest.parse(text);
  }

  static Integer pageSize(String n) {
    if (n == null || n.isEmpty()) {
      return null;
    }
    try {
      return Integer.valueOf(n);
    } catch (NumberFormatException e) {
      throw new RegistryException(OciError.UNSUPPORTED, "invalid page size n=" + n + ": expected a number")
          .withStatus(400);
    }
  }
}
