package org.arca.registry.fixity;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.audit.AuditLog;
import org.arca.registry.metadata.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records fixity checks and keeps blobs that failed one from being served. Every check, whoever made it (the scrub,
 * fsck, a download that hashed what it sent), is an event; a failed one quarantines the blob at once, logs a warning
 * and writes an audit entry ({@code fixity.quarantine}), which is what curators are pointed at.
 */
@Singleton
public class Quarantine {
  private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

  private final Database database;
  private final FixityStore store;
  private final AuditLog audit;
  private final Clock clock;

  public Quarantine(Database database, FixityStore store, AuditLog audit, Clock clock) {
    this.database = database;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Records the check; quarantines the blob when it failed. */
  public void record(Check check, String agent) {
    Instant now = clock.instant();
    boolean quarantined = database.write(c -> {
      store.recordEvent(c, check, agent, now);
      return check.outcome().failed() && store.quarantine(c, check, agent, now);
    });
    if (quarantined) {
      LOG.warn("quarantined blob {}: {} (found by {})", check.digest(), check.detail(), agent);
      audit.success(agent, "fixity.quarantine", check.digest().toString(), check.detail(), null);
    }
  }

  /**
   * Refuses a quarantined blob with 503 and a message naming the problem. Called before every blob GET and HEAD on
   * both request paths.
   */
  public void refuseIfQuarantined(Digest digest) {
    database.read(c -> store.quarantined(c, digest.toString())).ifPresent(q -> {
      throw refusal(digest, q.since());
    });
  }

  static RegistryException refusal(Digest digest, Instant since) {
    return new RegistryException(OciError.BLOB_QUARANTINED, "blob " + digest + " failed its fixity check at "
        + since + " and is withheld until it is repaired; a curator has been notified");
  }

  public List<FixityStore.Quarantined> all() {
    return database.read(store::quarantined);
  }

  /** Takes the blob out of quarantine, e.g. after its bytes were restored and checked. */
  public void release(Digest digest, String agent) {
    database.write(c -> {
      store.release(c, digest.toString());
      return null;
    });
    audit.success(agent, "fixity.release", digest.toString(), null, null);
  }
}
