package org.arca.registry.manifest;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.Reference;
import org.arca.core.RepositoryName;
import org.arca.core.Tag;
import org.arca.core.registry.RegistryWriter;
import org.arca.registry.upload.UploadService;

/** The {@link RegistryWriter} port: features push through the same services as clients do. */
@Singleton
public class ServerRegistryWriter implements RegistryWriter {
  private final UploadService uploads;
  private final ManifestService manifests;

  public ServerRegistryWriter(UploadService uploads, ManifestService manifests) {
    this.uploads = uploads;
    this.manifests = manifests;
  }

  @Override
  public Descriptor pushBlob(RepositoryName repository, Digest digest, InputStream content) throws IOException {
    return uploads.monolithic(repository, digest, -1, content);
  }

  @Override
  public Digest pushManifest(RepositoryName repository, String tag, byte[] manifest, String mediaType,
      String actor) {
    Reference reference = tag == null
        ? Digest.sha256(manifest)
        : Tag.parse(tag);
    return manifests.put(repository, reference, manifest, mediaType, actor, "arca").digest();
  }
}
