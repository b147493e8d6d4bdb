package org.arca.preservation.archive;

import java.util.regex.Pattern;
import org.arca.core.Digest;
import org.arca.preservation.metadata.Doi;

/**
 * Where things lie in an export bag's payload ({@code data/}). The payload is an OCI image layout, so
 * {@code skopeo copy oci:data:<repository>:<tag>} or {@code umoci} can read it without Arca; beside the layout lie
 * the DataCite records, the RO-Crate metadata and {@code arca-export.json}.
 */
final class BagLayout {
  static final String PAYLOAD = "data";
  static final String OCI_LAYOUT = "oci-layout";
  static final String INDEX = "index.json";
  static final String BLOBS = "blobs";
  static final String DATACITE = "datacite";
  static final String RO_CRATE = "ro-crate-metadata.json";
  static final String EXPORT = "arca-export.json";
  /** The PREMIS-like fixity events of the bag's blobs, as the registry recorded them. */
  static final String FIXITY_EVENTS = "fixity-events.json";
  static final String LAYOUT_VERSION = "{\"imageLayoutVersion\":\"1.0.0\"}";
  /** The image layout annotation naming a tag; Arca writes {@code <repository>:<tag>} so repositories stay apart. */
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** Arca's annotation naming the repository of every entry of {@code index.json}. */
  static final String REPOSITORY = "org.arca.repository";
  private static final Pattern SAFE = Pattern.compile("[^A-Za-z0-9._-]");

  private BagLayout() {}

  /** {@code blobs/<algorithm>/<hex>}, relative to the payload. */
  static String blob(Digest digest) {
    return BLOBS + "/" + digest.algorithm() + "/" + digest.hex();
  }

  /** {@code datacite/<prefix>/<suffix>.xml}; characters a file name cannot hold become {@code _}. */
  static String datacite(Doi doi) {
    return DATACITE + "/" + doi.prefix() + "/" + SAFE.matcher(doi.suffix()).replaceAll("_") + ".xml";
  }
}
