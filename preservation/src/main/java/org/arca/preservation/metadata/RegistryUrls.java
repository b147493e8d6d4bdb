package org.arca.preservation.metadata;

import java.net.URI;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * The public URLs that name registry content. An image is named by {@code <base>/<repository>@<digest>}: read without
 * the scheme it is the pull reference itself, so a reader holding only a citation can still fetch the exact bytes
 * ({@code docker pull host/repository@sha256:...}). The web pages are expected to serve that path.
 */
public final class RegistryUrls {
  private final String base;
  private final String host;

  public RegistryUrls(String baseUrl) {
    URI uri = URI.create(baseUrl);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("registry base URL '" + baseUrl + "' must be absolute, e.g. https://arca.example.org");
    }
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** The landing page of one image version, also its citation URL when it has no DOI. */
  public String image(RepositoryName repository, Digest digest) {
    return base + "/" + repository + "@" + digest;
  }

  /** The page of a repository: all its versions. */
  public String repository(RepositoryName repository) {
    return base + "/" + repository;
  }

  /** {@code host/repository@digest}, what {@code docker pull} and {@code apptainer pull docker://} accept. */
  public String pullReference(RepositoryName repository, Digest digest) {
    return host + "/" + repository + "@" + digest;
  }

  public String base() {
    return base;
  }
}
