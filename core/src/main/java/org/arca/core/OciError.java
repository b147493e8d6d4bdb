package org.arca.core;

/**
 * The error codes of the OCI Distribution Specification 1.1, each with the HTTP status a registry answers it with.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#error-codes">error codes</a>
 */
public enum OciError {
  BLOB_UNKNOWN(404, "blob unknown to registry"),
  BLOB_UPLOAD_INVALID(400, "blob upload invalid"),
  BLOB_UPLOAD_UNKNOWN(404, "blob upload unknown to registry"),
  DIGEST_INVALID(400, "provided digest did not match uploaded content"),
  MANIFEST_BLOB_UNKNOWN(400, "manifest references a manifest or blob unknown to registry"),
  MANIFEST_INVALID(400, "manifest invalid"),
  MANIFEST_UNKNOWN(404, "manifest unknown to registry"),
  NAME_INVALID(400, "invalid repository name"),
  NAME_UNKNOWN(404, "repository name not known to registry"),
  SIZE_INVALID(400, "provided length did not match content length"),
  UNAUTHORIZED(401, "authentication required"),
  DENIED(403, "requested access to the resource is denied"),
  UNSUPPORTED(405, "the operation is unsupported"),
  TOOMANYREQUESTS(429, "too many requests"),
  /**
   * Arca's own, not the spec's: a stored blob failed its fixity check and is withheld until repaired. It goes with a
   * 5xx status, where the spec names no codes (its list is for 4xx answers), since the fault is the registry's.
   */
  BLOB_QUARANTINED(503, "blob failed its fixity check and is withheld");

  private final int status;
  private final String description;

  OciError(int status, String description) {
    this.status = status;
    this.description = description;
  }

  /** The HTTP status this code is answered with unless the request calls for a more specific one (416, 413). */
  public int status() {
    return status;
  }

  /** The spec's one-line description of the code. */
  public String description() {
    return description;
  }
}
