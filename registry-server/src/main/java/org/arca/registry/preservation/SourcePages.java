package org.arca.registry.preservation;

import java.util.Locale;
import java.util.Optional;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;

/**
 * Reads the name of a provenance source ({@code docker.io/library/debian:12}, as the
 * {@code org.opencontainers.image.base.name} annotation gives it) for a landing page's links: which repository of this
 * registry it names, or which public page shows it elsewhere. Base images mostly live in other registries, so a page
 * that linked every source digest to its own {@code /cite/} URL would mostly lead to a 404.
 */
final class SourcePages {
  private static final String DOCKER_HUB = "https://hub.docker.com/";

  private SourcePages() {}

  /** The repository {@code name} points at when its registry host is {@code host} (this registry), if it does. */
  static Optional<RepositoryName> repositoryOn(String host, String name) {
    String[] parts = parts(name);
    if (parts == null || !parts[0].equalsIgnoreCase(host)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RepositoryName.parse(parts[1]));
    } catch (RegistryException e) {
      return Optional.empty(); // a label may name anything; an invalid name is just not ours
    }
  }

  /**
   * The public page of the image {@code name} in its own registry: Docker Hub's and Quay's repository pages, or the
   * name itself when it is a web link; null when no such page is known (the page then shows the name as text).
   */
  static String elsewhere(String name) {
    String link = LandingPageModel.safe(name);
    if (link != null) {
      return link;
    }
    String[] parts = parts(name);
    if (parts == null) {
      return null;
    }
    String registry = parts[0].toLowerCase(Locale.ROOT);
    String path = parts[1];
    if (registry.equals("docker.io") || registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
      return path.startsWith("library/") && path.indexOf('/', "library/".length()) < 0
          ? DOCKER_HUB + "_/" + path.substring("library/".length()) : DOCKER_HUB + "r/" + path;
    }
    if (registry.equals("quay.io")) {
      return "https://quay.io/repository/" + path;
    }
    return null;
  }

  /**
   * {@code [registry host, repository path]} of an image reference, with Docker's defaults for a name without a host
   * ({@code debian:12} is {@code docker.io/library/debian}); null for what is no image reference.
   */
  private static String[] parts(String name) {
    if (name == null || name.isBlank() || name.contains("://") || name.contains(" ")) {
      return null;
    }
    String reference = name.trim();
    int at = reference.indexOf('@');
    if (at >= 0) {
      reference = reference.substring(0, at);
    }
    int slash = reference.lastIndexOf('/');
    int colon = reference.lastIndexOf(':');
    if (colon > slash) {
      reference = reference.substring(0, colon); // the tag
    }
    int first = reference.indexOf('/');
    String head = first < 0 ? "" : reference.substring(0, first);
    boolean hasHost = head.contains(".") || head.contains(":") || head.equals("localhost");
    if (!hasHost) {
      return new String[] {"docker.io", first < 0 ? "library/" + reference : reference};
    }
    String path = reference.substring(first + 1);
    return path.isEmpty() ? null : new String[] {head, path};
  }
}
