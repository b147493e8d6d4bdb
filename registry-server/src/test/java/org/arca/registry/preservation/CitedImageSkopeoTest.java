package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A cited image stays as cited when a real client tries to change it: skopeo can neither push other content under
 * its tag nor delete the tag or the manifest, and each refusal names the DOI.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CitedImageSkopeoTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  private Processes.Result skopeo(String... arguments) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(arguments));
    return Processes.runAllowingFailure(command, null);
  }

  @Test
  void citedDebianImage_cannotBeOverwrittenOrDeletedWithSkopeo() {
    String host = server.getHost() + ":" + server.getPort();
    OciClient client = new OciClient(URI.create(server.getURL().toString()));
    Path layout = Processes.debianMinbase();
    String image = "docker://" + host + "/lab/debian:bookworm";
    Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "oci:" + layout + ":bookworm",
        image);
    String digest = client.head("/v2/lab/debian/manifests/bookworm", "Accept", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest").orElseThrow();
    OciClient.Response minted = client.post("/api/v1/dois", body("{\"repository\":\"lab/debian\",\"digest\":\""
        + digest + "\"}"), "Content-Type", "application/json");
    assertEquals(201, minted.status(), minted::toString);
    String doi = json(minted).get("doi").asText();

    // the same root filesystem as a Docker schema 2 image has another digest: an overwrite of the tag
    Processes.Result overwrite = skopeo("copy", "--dest-tls-verify=false", "--format", "v2s2",
        "oci:" + layout + ":bookworm", image);
    assertNotEquals(0, overwrite.exitCode(), overwrite.output());
    assertTrue(overwrite.output().contains(doi), overwrite.output());

    Processes.Result deleteTag = skopeo("delete", "--tls-verify=false", image);
    assertNotEquals(0, deleteTag.exitCode(), deleteTag.output());
    assertTrue(deleteTag.output().contains(doi), deleteTag.output());

    Processes.Result deleteDigest = skopeo("delete", "--tls-verify=false",
        "docker://" + host + "/lab/debian@" + digest);
    assertNotEquals(0, deleteDigest.exitCode(), deleteDigest.output());
    assertTrue(deleteDigest.output().contains(doi), deleteDigest.output());

    String still = client.head("/v2/lab/debian/manifests/bookworm", "Accept", MediaTypes.OCI_MANIFEST)
        .header("Docker-Content-Digest").orElseThrow();
    assertEquals(digest, still);
    String inspected = Processes.run("skopeo", "inspect", "--tls-verify=false", image);
    assertTrue(inspected.contains(digest), inspected);

    // the same client deletes what no DOI cites
    Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "oci:" + layout + ":bookworm",
        "docker://" + host + "/lab/scratch:bookworm");
    Processes.run("skopeo", "delete", "--tls-verify=false", "docker://" + host + "/lab/scratch:bookworm");
    assertEquals(404, client.get("/v2/lab/scratch/manifests/" + digest, "Accept", MediaTypes.OCI_MANIFEST).status());
  }
}
