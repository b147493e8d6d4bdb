package org.arca.core;

/**
 * What follows {@code /manifests/} in a URL: a {@link Tag} or a {@link Digest}.
 */
public sealed interface Reference permits Tag, Digest {

  /** Parses a manifest reference: a digest when it has an algorithm prefix, a tag otherwise. */
  static Reference parse(String text) {
    if (text != null && Digest.looksLikeDigest(text)) {
      return Digest.parse(text);
    }
    return Tag.parse(text);
  }
}
