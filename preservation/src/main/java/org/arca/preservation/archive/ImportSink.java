package org.arca.preservation.archive;

import java.io.IOException;
import java.io.InputStream;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.doi.DoiRecord;
import org.arca.preservation.provenance.ProvenanceRecord;

/**
 * Receives an archive's content during import, in dependency order: every blob, then manifests (an index's children
 * before the index, a subject before its referrers), then tags, then DOI records, then provenance records. The
 * server implements it by writing into the registry as a push would (and may skip what it already holds: content is
 * addressed by digest). Everything handed over has been verified against the bag's checksums and its own digest.
 */
public interface ImportSink {

  /**
   * A blob (config or layer) for {@code repository}; called once per repository that references it, so the server
   * can link it there. {@code content} streams from the bag and must be consumed before returning.
   */
  void blob(RepositoryName repository, Digest digest, long size, InputStream content) throws IOException;

  /** A manifest or index, its exact bytes. */
  void manifest(RepositoryName repository, Digest digest, String mediaType, byte[] content) throws IOException;

  void tag(RepositoryName repository, String tag, Digest digest) throws IOException;

  /** A DOI as it stood when exported (state, provider and metadata). */
  void doi(DoiRecord record) throws IOException;

  void provenance(ProvenanceRecord record) throws IOException;
}
