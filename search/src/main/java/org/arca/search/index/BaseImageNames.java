package org.arca.search.index;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names under which a base image reference is found by {@code base:}: the reference as written (without a
 * registry host for Docker Hub and without a digest), its repository, and the repository's last component, so
 * {@code base:debian}, {@code base:debian:bookworm-slim} and {@code base:biocontainers/biocontainers} all work.
 */
public final class BaseImageNames {

  private BaseImageNames() {}

  /** The reference in the form the facet shows: lower case, Docker Hub's implicit prefixes and digests dropped. */
  public static String normalize(String reference) {
    String ref = reference.strip().toLowerCase(Locale.ROOT);
    int at = ref.indexOf('@');
    if (at >= 0) {
      ref = ref.substring(0, at);
    }
    for (String prefix : List.of("docker://", "docker.io/", "index.docker.io/", "registry-1.docker.io/", "library/")) {
      if (ref.startsWith(prefix)) {
        ref = ref.substring(prefix.length());
      }
    }
    return ref;
  }

  public static List<String> terms(String reference) {
    String ref = normalize(reference);
    if (ref.isEmpty()) {
      return List.of();
    }
    Set<String> terms = new LinkedHashSet<>();
    terms.add(ref);
    int slash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    String repository = colon > slash ? ref.substring(0, colon) : ref;
    terms.add(repository);
    terms.add(repository.substring(repository.lastIndexOf('/') + 1));
    return new ArrayList<>(terms);
  }
}
