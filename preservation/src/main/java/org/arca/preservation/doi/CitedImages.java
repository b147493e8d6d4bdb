package org.arca.preservation.doi;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;

/**
 * Immutability of cited images: once an image has a DOI (in any state, since even a draft may already be in a
 * manuscript), deleting its manifest would break the promise that a reader gets the exact image ten years later. The
 * server asks before deleting a manifest or collecting its blobs. A DOI names a digest, never a tag, but readers copy
 * the tag from the landing page too, so a tag pointing at a cited image may neither move nor be deleted either.
 */
public final class CitedImages {
  private final DoiRecordStore store;

  public CitedImages(DoiRecordStore store) {
    this.store = store;
  }

  /** Why {@code digest} must not be deleted from {@code repository}, if it must not. */
  public Optional<String> deletionRefusal(RepositoryName repository, Digest digest) {
    return store.forImage(repository, digest).map(record -> "delete " + repository + "@" + digest + ": the image"
        + " is cited by DOI " + record.doi() + " (" + record.state().value() + ") and is kept for as long as the"
        + " DOI exists");
  }

  /** Why {@code tag}, pointing at {@code digest}, must not move or go, if it must not. */
  public Optional<String> tagChangeRefusal(RepositoryName repository, String tag, Digest digest, String change) {
    return store.forImage(repository, digest).map(record -> change + " tag " + repository + ":" + tag + ": it points"
        + " at " + digest + ", which is cited by DOI " + record.doi() + " (" + record.state().value() + "), so the"
        + " tag stays where it is; push new content under a new tag");
  }

  /** Throws {@link OciError#DENIED} when {@code digest} is cited; the server calls it before a manifest delete. */
  public void checkDeletable(RepositoryName repository, Digest digest) {
    deletionRefusal(repository, digest).ifPresent(reason -> {
      throw new RegistryException(OciError.DENIED, reason);
    });
  }
}
