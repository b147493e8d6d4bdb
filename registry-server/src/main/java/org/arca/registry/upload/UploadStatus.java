package org.arca.registry.upload;

import org.arca.core.RepositoryName;

/** Where an upload stands: its id, repository, and how many bytes were accepted. */
public record UploadStatus(String id, RepositoryName repository, long size) {

  /** The {@code Range} header value the spec asks for: {@code 0-<last byte>}, or {@code 0-0} before any byte. */
  public String range() {
    return "0-" + Math.max(0, size - 1);
  }
}
