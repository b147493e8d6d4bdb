package org.arca.search.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;

/** Pushes the image of an OCI image layout (as umoci or skopeo write it) into a fake registry. */
public final class OciLayout {

  private OciLayout() {}

  public static List<RegistryEvent> push(Path layout, FakeRegistry registry, RepositoryName repository, String tag)
      throws IOException {
    JsonNode index = OciJson.MAPPER.readTree(Files.readAllBytes(layout.resolve("index.json")));
    JsonNode first = index.path("manifests").get(0);
    Digest manifestDigest = Digest.parse(first.path("digest").asText());
    byte[] manifestBytes = Files.readAllBytes(blob(layout, manifestDigest));
    Manifest manifest = Manifest.parse(manifestBytes, first.path("mediaType").asText());
    for (Descriptor reference : manifest.references()) {
      registry.putBlobFile(reference.digest(), blob(layout, reference.digest()));
    }
    return registry.push(repository, tag, manifest.mediaType(), manifestBytes);
  }

  private static Path blob(Path layout, Digest digest) {
    return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }
}
