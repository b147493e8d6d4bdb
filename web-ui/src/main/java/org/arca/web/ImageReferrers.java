package org.arca.web;

import java.util.List;
import java.util.Locale;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.RepositoryName;
import org.arca.core.registry.RegistryCatalog;

/**
 * The artifacts attached to an image (its OCI referrers: SBOMs, signatures, the SIF, recipes, vetting decisions and
 * other attestations), named by what their {@code artifactType} says they are. The page lists exactly what
 * {@code GET /v2/<name>/referrers/<digest>} answers.
 */
final class ImageReferrers {
  /** The artifact types of the recipes the search module reads (docs/search.md); all start with this. */
  static final String RECIPE_TYPE_PREFIX = "application/vnd.arca.recipe";

  private ImageReferrers() {}

  /** One referrer, with the kind a reader recognises. */
  record Referrer(String kind, String artifactType, String digest, String sizeText, String created) {}

  static List<Referrer> of(RegistryCatalog catalog, RepositoryName repository, Digest image) {
    return catalog.referrers(repository, image, null).stream().map(ImageReferrers::referrer).toList();
  }

  private static Referrer referrer(Descriptor descriptor) {
    String type = descriptor.artifactType() == null ? descriptor.mediaType() : descriptor.artifactType();
    String created = descriptor.annotations() == null ? null
        : descriptor.annotations().get("org.opencontainers.image.created");
    return new Referrer(kind(type), type, descriptor.digest().toString(), Sizes.readable(descriptor.size()), created);
  }

  /** What an artifact type is, in a word; unknown types are shown by their media type alone. */
  static String kind(String artifactType) {
    String type = artifactType.toLowerCase(Locale.ROOT);
    if (type.startsWith(RECIPE_TYPE_PREFIX)) {
      return "Recipe";
    }
    if (type.contains("spdx") || type.contains("cyclonedx") || type.contains("sbom")) {
      return "SBOM";
    }
    if (type.contains("cosign") || type.contains("signature") || type.contains("notary")) {
      return "Signature";
    }
    if (type.equals(MediaTypes.SIF_CONFIG) || type.contains("sylabs.sif")) {
      return "SIF";
    }
    if (type.equals(MediaTypes.IN_TOTO) || type.contains("attestation") || type.contains("vetting")) {
      return "Attestation";
    }
    return "Other";
  }
}
