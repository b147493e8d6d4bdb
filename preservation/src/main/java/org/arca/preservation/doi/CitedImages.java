package org.arca.preservation.doi;

import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.core.RepositoryName;

/**
 * Immutability of cited images: once an image has a DOI (in any state, since even a draft may already be in a
 * manuscript), deleting its manifest would break the promise that a reader gets the exact image ten years later. The
 * server asks before deleting a manifest or collecting its blobs. A DOI names a digest, and readers also copy the tag
 * it was minted for ({@link DoiRecord#tag()}), so that tag may neither move nor be deleted either. Other tags that
 * happen to point at the image (a {@code latest} added later, say) are the owner's to move and delete.
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

  /** Why {@code tag}, pointing at {@code digest}, must not move or go, if it must not: it is the tag a DOI cites. */
  public Optional<String> tagChangeRefusal(RepositoryName repository, String tag, Digest digest, String change) {
    return store.forImage(repository, digest).filter(record -> tag.equals(record.tag()))
        .map(record -> change + " tag " + repository + ":" + tag + ": DOI " + record.doi() + " ("
            + record.state().value() + ") was minted for " + repository + ":" + tag + " at " + digest + ", so the"
            + " tag stays where it is; push new content under a new tag");
  }

  /** Throws {@link OciError#DENIED} when {@code digest} is cited; the server calls it before a manifest delete. */
  public void checkDeletable(RepositoryName repository, Digest digest) {
    deletionRefusal(repository, digest).ifPresent(reason -> {
      throw new RegistryException(OciError.DENIED, reason);
    });
  }
}
