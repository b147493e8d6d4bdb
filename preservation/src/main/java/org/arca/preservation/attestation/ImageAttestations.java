package org.arca.preservation.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.Manifest;
import org.arca.core.registry.BlobStore;
import org.arca.core.registry.RegistryCatalog;
import org.arca.core.registry.StoredManifest;

/**
 * Collects every attestation attached to an image through the registry's ports: its referrers (statements, DSSE
 * envelopes, Sigstore bundles, cosign signatures) and, for an index, BuildKit's attestation manifests. Attestation
 * blobs are small JSON documents; one larger than {@value #MAX_ATTESTATION_BYTES} bytes is skipped rather than read.
 */
public final class ImageAttestations {
  static final int MAX_ATTESTATION_BYTES = 4 * 1024 * 1024;

  /**
   * One attestation found, with where it was found.
   *
   * @param subject the image manifest the attestation is about
   * @param carrier the digest of the manifest that carries it (the referrer or BuildKit attestation manifest)
   */
  public record Found(Digest subject, Digest carrier, Attestation attestation) {}

  /** A cosign signature found among the referrers or cosign's tag scheme, with its carrier. */
  public record FoundSignature(Digest subject, Digest carrier, CosignSignatures.SimpleSigning signature) {}

  private final RegistryCatalog catalog;
  private final BlobStore blobs;

  public ImageAttestations(RegistryCatalog catalog, BlobStore blobs) {
    this.catalog = catalog;
    this.blobs = blobs;
  }

  /** The attestations about {@code digest} (and, for an index, about each of its images). */
  public List<Found> attestations(RepositoryName repository, Digest digest) throws IOException {
    List<Found> found = new ArrayList<>();
    for (Descriptor referrer : catalog.referrers(repository, digest, null)) {
      read(repository, digest, referrer.digest(), found);
    }
    var stored = catalog.manifest(repository, digest);
    if (stored.isPresent() && stored.get().parse().isIndex()) {
      for (BuildKitAttestations.Link link : BuildKitAttestations.links(stored.get().parse())) {
        read(repository, link.image(), link.attestationManifest().digest(), found);
      }
    }
    return found;
  }

  /** The cosign simple-signing signatures among the referrers of {@code digest}. */
  public List<FoundSignature> signatures(RepositoryName repository, Digest digest) throws IOException {
    List<FoundSignature> found = new ArrayList<>();
    for (Descriptor referrer : catalog.referrers(repository, digest, null)) {
      var carrier = catalog.manifest(repository, referrer.digest());
      if (carrier.isEmpty() || carrier.get().parse().isIndex()) {
        continue;
      }
      for (Descriptor layer : carrier.get().parse().layers()) {
        if (CosignSignatures.SIMPLE_SIGNING.equals(layer.mediaType()) && layer.size() <= MAX_ATTESTATION_BYTES) {
          found.add(new FoundSignature(digest, referrer.digest(),
              CosignSignatures.read(bytes(layer.digest()), layer.annotations())));
        }
      }
    }
    return found;
  }

  private void read(RepositoryName repository, Digest subject, Digest carrierDigest, List<Found> found)
      throws IOException {
    var carrier = catalog.manifest(repository, carrierDigest);
    if (carrier.isEmpty()) {
      return;
    }
    StoredManifest stored = carrier.get();
    Manifest manifest = stored.parse();
    if (manifest.isIndex()) {
      return;
    }
    for (Descriptor layer : manifest.layers()) {
      if (layer.size() > MAX_ATTESTATION_BYTES) {
        continue;
      }
      boolean candidate = InTotoStatement.MEDIA_TYPE.equals(layer.mediaType())
          || DsseEnvelope.MEDIA_TYPE.equals(layer.mediaType()) || SigstoreBundle.isBundle(layer.mediaType());
      if (candidate) {
        AttestationReader.read(layer.mediaType(), bytes(layer.digest()), layer.annotations())
            .ifPresent(a -> found.add(new Found(subject, carrierDigest, a)));
      }
    }
  }

  private byte[] bytes(Digest digest) throws IOException {
    try (InputStream in = blobs.open(digest)) {
      return in.readNBytes(MAX_ATTESTATION_BYTES);
    }
  }
}
