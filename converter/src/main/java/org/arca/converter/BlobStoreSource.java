package org.arca.converter;

import java.io.IOException;
import java.io.InputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;

/** A {@link ConversionSource} over the registry's blob storage. */
record BlobStoreSource(BlobStore blobs, String reference, Digest manifestDigest, Manifest manifest)
    implements ConversionSource {

  @Override
  public byte[] configBytes() throws IOException {
    Descriptor config = manifest.config();
    if (config.size() > MAX_CONFIG_SIZE) {
      throw new IOException("config " + config.digest() + " of " + config.size() + " bytes is too large");
    }
    try (InputStream in = blobs.open(config.digest())) {
      return in.readNBytes((int) MAX_CONFIG_SIZE + 1);
    }
  }

  @Override
  public InputStream openBlob(Descriptor layer) throws IOException {
    return blobs.open(layer.digest());
  }
}
