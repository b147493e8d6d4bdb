package org.arca.registry.api;

/** Header names of the distribution spec. */
final class OciHeaders {
  static final String API_VERSION = "Docker-Distribution-API-Version";
  static final String API_VERSION_VALUE = "registry/2.0";
  static final String CONTENT_DIGEST = "Docker-Content-Digest";
  static final String UPLOAD_UUID = "Docker-Upload-UUID";
  static final String SUBJECT = "OCI-Subject";
  static final String FILTERS_APPLIED = "OCI-Filters-Applied";
  static final String RANGE = "Range";
  static final String CONTENT_RANGE = "Content-Range";

  private OciHeaders() {}
}
