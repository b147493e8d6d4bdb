package org.arca.registry.vetting;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;

/** The vetting tests' evidence: the SBOM and Trivy reports under {@code /vetting/}, attached as oras attaches. */
final class VettingFixtures {
  private VettingFixtures() {}

  /** Attaches {@code document} as {@code oras attach --artifact-type TYPE} does: an empty config, one layer. */
  static Digest attach(OciClient client, String repository, Descriptor subject, String artifactType,
      byte[] document) {
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    client.pushBlob(repository, empty);
    client.pushBlob(repository, document);
    byte[] artifact = manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_EMPTY, empty),
        List.of(descriptor(artifactType, document)), subject, artifactType, null);
    return client.pushManifest(repository, Digest.sha256(artifact).toString(), artifact, MediaTypes.OCI_MANIFEST);
  }

  static byte[] resource(String name) {
    try (InputStream in = VettingFixtures.class.getResourceAsStream("/vetting/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] body(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode json(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response, e);
    }
  }
}
