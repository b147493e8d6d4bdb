package org.arca.converter;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.Manifest;
import org.arca.core.image.OciJson;

/**
 * A {@link ConversionSource} over an OCI image layout on disk (as skopeo, umoci or an Arca export write it): the
 * manifest named by {@code org.opencontainers.image.ref.name} in {@code index.json} (or the only one), following one
 * level of image index to the wanted platform.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md">image layout</a>
 */
public record OciLayoutSource(Path layout, String reference, Digest manifestDigest, Manifest manifest)
    implements ConversionSource {
  private static final String REF_NAME = "org.opencontainers.image.ref.name";

  /**
   * Opens the image tagged {@code refName} (null: the layout's only image) for {@code platform} ({@code os/arch},
   * used only when the tag names an index); {@code reference} is what the definition file's {@code from:} shows.
   */
  public static OciLayoutSource open(Path layout, String refName, String platform, String reference)
      throws IOException {
    JsonNode index = OciJson.MAPPER.readTree(Files.readAllBytes(layout.resolve("index.json")));
    List<JsonNode> candidates = new ArrayList<>();
    for (JsonNode entry : index.path("manifests")) {
      if (refName == null || refName.equals(entry.path("annotations").path(REF_NAME).asText(null))) {
        candidates.add(entry);
      }
    }
    if (candidates.size() != 1) {
      throw new IOException("image layout " + layout + " has " + candidates.size() + " manifests named "
          + (refName == null ? "(any)" : refName) + "; expected one");
    }
    Digest digest = Digest.parse(candidates.get(0).path("digest").asText());
    String mediaType = candidates.get(0).path("mediaType").asText(MediaTypes.OCI_MANIFEST);
    Manifest manifest = Manifest.parse(blob(layout, digest), mediaType);
    if (manifest.isIndex()) {
      Descriptor chosen = null;
      for (Descriptor child : manifest.manifests()) {
        if (child.platform() != null && (platform == null
            || platform.equals(child.platform().os() + "/" + child.platform().architecture()))) {
          chosen = child;
          break;
        }
      }
      if (chosen == null) {
        throw new IOException("image index " + digest + " has no manifest for " + platform);
      }
      digest = chosen.digest();
      manifest = Manifest.parse(blob(layout, digest), chosen.mediaType());
    }
    return new OciLayoutSource(layout, reference, digest, manifest);
  }

  @Override
  public byte[] configBytes() throws IOException {
    return blob(layout, manifest.config().digest());
  }

  @Override
  public InputStream openBlob(Descriptor layer) throws IOException {
    return Files.newInputStream(blobPath(layout, layer.digest()));
  }

  private static byte[] blob(Path layout, Digest digest) throws IOException {
    try {
      return Files.readAllBytes(blobPath(layout, digest));
    } catch (NoSuchFileException e) {
      throw new IOException("image layout " + layout + " lacks blob " + digest, e);
    }
  }

  private static Path blobPath(Path layout, Digest digest) {
    return layout.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
  }
}
