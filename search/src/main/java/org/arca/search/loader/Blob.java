package org.arca.search.loader;

import org.arca.core.Descriptor;
import org.arca.core.Digest;

/** Content to push, small enough to hold in memory (a config, a recipe, a one-file layer). */
public record Blob(String mediaType, byte[] bytes, Digest digest) {

  public static Blob of(String mediaType, byte[] bytes) {
    return new Blob(mediaType, bytes, Digest.sha256(bytes));
  }

  public Descriptor descriptor() {
    return new Descriptor(mediaType, digest, bytes.length);
  }
}
