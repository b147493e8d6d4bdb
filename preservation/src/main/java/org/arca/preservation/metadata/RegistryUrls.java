package org.arca.preservation.metadata;

import java.net.URI;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;

/**
 * The public URLs that name registry content. An image version is named by
 * {@code <base>/cite/<repository>@<digest>}: the digest in the URL names its exact bytes, and the path after
 * {@code /cite/} is the pull reference's repository and digest, so a reader holding only a citation can still fetch
 * the image ({@code docker pull host/repository@sha256:...}). The {@code /cite/} prefix keeps these pages apart from
 * the registry's own paths ({@code /v2/}, {@code /api/}, {@code /sif/}). An image with a DOI has its landing page at
 * {@code <base>/doi/<prefix>/<suffix>}, which is the URL the DOI resolves to.
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

  /** The page of one image version, also its citation URL when it has no DOI. */
  public String image(RepositoryName repository, Digest digest) {
    return base + "/cite/" + repository + "@" + digest;
  }

  /** The landing page a DOI minted here resolves to. */
  public String doi(Doi doi) {
    return base + "/doi/" + doi.prefix() + "/" + doi.suffix();
  }

  /** {@code host[:port]} of the registry, as pull commands name it. */
  public String host() {
    return host;
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
