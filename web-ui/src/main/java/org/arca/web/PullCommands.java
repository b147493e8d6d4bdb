package org.arca.web;

import java.util.List;
import org.arca.core.RepositoryName;

/**
 * The commands that get an image, as the image page offers them to copy: OCI clients by tag or digest, and the SIF
 * that HPC users pull with apptainer or download over HTTPS (the paths of docs/hpc-guide.md).
 *
 * @param host the registry as clients address it ({@code arca.example.org}, with a port if it has one)
 * @param baseUrl scheme and host, for the HTTPS download
 */
record PullCommands(String host, String baseUrl) {

  /** One way to get the image. */
  record Command(String client, String text) {}

  /** The commands for {@code reference}: a tag, or a digest ({@code sha256:...}). */
  List<Command> of(RepositoryName repository, String reference) {
    boolean digest = reference.contains(":");
    String image = host + "/" + repository.value() + (digest ? "@" : ":") + reference;
    String sif = host + "/sif/" + repository.value() + (digest ? "@" : ":") + reference;
    String name = repository.components().get(repository.components().size() - 1);
    String local = digest ? name : name + ":" + reference;
    return List.of(
        new Command("docker", "docker pull " + image),
        new Command("podman", "podman pull " + image),
        new Command("skopeo", "skopeo copy docker://" + image + " oci:" + local),
        new Command("oras", "oras pull " + sif),
        new Command("apptainer", "apptainer pull oras://" + sif),
        new Command("HTTPS (SIF)", "curl -fLO -J " + baseUrl + "/sif/" + repository.value() + "/" + reference
            + ".sif"));
  }
}
