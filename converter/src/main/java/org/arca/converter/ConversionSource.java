package org.arca.converter;

import java.io.IOException;
import java.io.InputStream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;

/**
 * One platform image to convert: its manifest, raw config and layer blobs. Layers are read as streams, twice each
 * (once for metadata, once for contents); a layer whose contents are all hidden by later layers is read once.
 */
public interface ConversionSource {

  /** Where the image comes from, for the definition file's {@code from:} line, e.g. {@code host/repo:tag}. */
  String reference();

  /** Digest of the image manifest; the SIF's UUID derives from it. */
  Digest manifestDigest();

  /** The image manifest (not an index). */
  Manifest manifest();

  /** The raw config blob, which must match the manifest's config descriptor. */
  byte[] configBytes() throws IOException;

  /** Opens a layer blob from its start; the caller closes it. May be called twice per layer. */
  InputStream openBlob(Descriptor layer) throws IOException;

  /** Configs larger than this are refused rather than read into memory. */
  long MAX_CONFIG_SIZE = 8L << 20;

  /**
   * A source reading config and layers from {@code blobs}: the image {@code manifest} (an image manifest, whose
   * digest is {@code manifestDigest}) as pulled from {@code reference}.
   */
  static ConversionSource of(BlobStore blobs, String reference, Digest manifestDigest, Manifest manifest) {
    return new BlobStoreSource(blobs, reference, manifestDigest, manifest);
  }
}
