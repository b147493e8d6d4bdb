package org.arca.preservation.doi;

import java.time.Instant;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * A DOI the registry has minted, as the server stores it: for an image version ({@code digest} set) or for the
 * concept of a repository ({@code digest} null), with its state and the metadata last sent.
 *
 * @param tag the tag the DOI was minted for, which then pointed at {@code digest}; null for a concept DOI or an image
 *     that had no tag. With the digest it is what the DOI names, and what readers copy from the landing page.
 * @param registered whether a registration agency knows it (false for locally minted DOIs)
 * @param statement what the state means, for people (see {@link DoiStatus#statement()})
 * @param withdrawal why a curator withdrew it, or null while it stands
 */
public record DoiRecord(
    Doi doi,
    Kind kind,
    RepositoryName repository,
    Digest digest,
    String tag,
    DoiState state,
    boolean registered,
    String provider,
    String statement,
    DoiMetadata metadata,
    Instant created,
    Instant updated,
    Withdrawal withdrawal) {

  /** What the DOI stands for. */
  public enum Kind {
    /** One image version, named by its manifest digest. */
    VERSION,
    /** All versions of a repository. */
    CONCEPT
  }

  public DoiRecord {
    if (doi == null || kind == null || repository == null || state == null || metadata == null) {
      throw new IllegalArgumentException("a DOI record needs a DOI, kind, repository, state and metadata");
    }
    if ((kind == Kind.VERSION) != (digest != null)) {
      throw new IllegalArgumentException("a version DOI names a digest; a concept DOI does not");
    }
    if (tag != null && kind != Kind.VERSION) {
      throw new IllegalArgumentException("a concept DOI names no tag");
    }
  }

  /** A record that was never withdrawn. */
  public DoiRecord(Doi doi, Kind kind, RepositoryName repository, Digest digest, String tag, DoiState state,
      boolean registered, String provider, String statement, DoiMetadata metadata, Instant created, Instant updated) {
    this(doi, kind, repository, digest, tag, state, registered, provider, statement, metadata, created, updated,
        null);
  }

  /** This record after the provider answered {@code status}, with {@code newMetadata}. */
  public DoiRecord with(DoiStatus status, DoiMetadata newMetadata, Instant at) {
    return new DoiRecord(doi, kind, repository, digest, tag, status.state(), status.registered(),
        status.provider(), status.statement(), newMetadata, created, at, withdrawal);
  }

  /** This record withdrawn for {@code why}. */
  public DoiRecord withdrawn(Withdrawal why) {
    return new DoiRecord(doi, kind, repository, digest, tag, state, registered, provider, statement, metadata,
        created, why.at(), why);
  }

  /**
   * The metadata as citations name it: by the DOI once a registration agency knows it, and by its landing page here
   * until then, since an unregistered DOI does not resolve at doi.org (see {@link DoiMetadata#withUnregisteredDoi()}).
   */
  public DoiMetadata citable() {
    return registered ? metadata : metadata.withUnregisteredDoi();
  }

  public boolean isWithdrawn() {
    return withdrawal != null;
  }
}
