package org.arca.preservation.attestation;

import java.util.Map;

/**
 * Something a build consumed: a SLSA v0.2 material or v1 resolved dependency, e.g. a base image
 * ({@code pkg:docker/debian@12?platform=linux/amd64}) or a Git checkout ({@code git+https://github.com/o/r@refs/heads/main}).
 */
public record Material(String uri, Map<String, String> digest, String name) {

  public Material {
    digest = digest == null ? Map.of() : Map.copyOf(digest);
  }

  /** Whether this is a container image (a {@code pkg:docker} or {@code pkg:oci} purl, or an OCI reference). */
  public boolean isImage() {
    return uri != null && (uri.startsWith("pkg:docker/") || uri.startsWith("pkg:oci/") || uri.startsWith("oci://")
        || uri.startsWith("docker-image://"));
  }

  /** Whether this is a source checkout. */
  public boolean isSource() {
    return uri != null && uri.startsWith("git+") || digest.containsKey("gitCommit") || digest.containsKey("sha1");
  }

  /** The commit of a source material: {@code gitCommit}, else {@code sha1}. */
  public String commit() {
    return digest.getOrDefault("gitCommit", digest.get("sha1"));
  }
}
