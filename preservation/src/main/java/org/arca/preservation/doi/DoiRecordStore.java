package org.arca.preservation.doi;

import java.util.List;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.metadata.Doi;

/**
 * Where minted DOIs are kept. The server implements it with its database (a {@code doi} table keyed by the DOI,
 * indexed by repository and digest); DOIs are never deleted, since a registered DOI must keep resolving.
 */
public interface DoiRecordStore {

  Optional<DoiRecord> find(Doi doi);

  /** The version DOI of an image, if one was minted. */
  Optional<DoiRecord> forImage(RepositoryName repository, Digest digest);

  /** The concept DOI of a repository, if one was minted. */
  Optional<DoiRecord> concept(RepositoryName repository);

  /** Every version DOI of a repository, oldest first. */
  List<DoiRecord> versions(RepositoryName repository);

  /** Inserts the record, or replaces the one with the same DOI. */
  void save(DoiRecord record);
}
