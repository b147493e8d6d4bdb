package org.arca.registry.sif;

import jakarta.inject.Singleton;
import java.util.Base64;
import java.util.HexFormat;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.Reference;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;
import org.arca.registry.auth.Action;
import org.arca.registry.auth.Caller;
import org.arca.registry.auth.Gatekeeper;

/**
 * Plain HTTPS downloads of SIFs: {@code GET /sif/<repository>/<tag-or-digest>.sif}, for HPC users with curl or
 * wget. Resolves the path to the SIF blob after checking that the caller may pull the repository.
 */
@Singleton
public class SifDownload {
  private final SifMirror mirror;
  private final Gatekeeper gatekeeper;

  public SifDownload(SifMirror mirror, Gatekeeper gatekeeper) {
    this.mirror = mirror;
    this.gatekeeper = gatekeeper;
  }

  /** A resolved download: the SIF blob and the file name to offer. */
  public record Target(RepositoryName repository, Descriptor blob, String fileName) {
    /** RFC 3230 {@code Digest} header value, which curl and wget users can check without knowing OCI. */
    public String digestHeader() {
      Digest digest = blob.digest();
      String algorithm = digest.algorithm().equals("sha256") ? "sha-256" : "sha-512";
      return algorithm + "=" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(digest.hex()));
    }

    public String contentDisposition() {
      return "attachment; filename=\"" + fileName + "\"";
    }
  }

  /** Resolves {@code path} ({@code <repository>/<reference>.sif}) for {@code caller}. */
  public Target resolve(String path, String platform, Caller caller, String realm) {
    int slash = path.lastIndexOf('/');
    if (slash <= 0 || !path.endsWith(".sif")) {
      throw new RegistryException(OciError.NAME_INVALID, "a SIF download is /sif/<repository>/<tag or digest>.sif");
    }
    RepositoryName repository = RepositoryName.parse(path.substring(0, slash));
    String file = path.substring(slash + 1);
    Reference reference = Reference.parse(file.substring(0, file.length() - ".sif".length()));
    gatekeeper.require(caller, repository, Action.PULL, realm);
    Descriptor blob = mirror.sifBlob(repository, reference, platform);
    String base = repository.components().get(repository.components().size() - 1);
    String name = base + "_" + reference.toString().replace(':', '-') + ".sif";
    return new Target(repository, blob, name);
  }
}
