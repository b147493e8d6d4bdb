package org.arca.core.registry;

import java.time.Instant;
import java.util.List;
import org.arca.core.Digest;

/**
 * The fixity events of stored blobs, as PREMIS records them: what was checked, when, by which agent, and the outcome.
 * The registry keeps them (every scrub, fsck, download check, copy to the replica and repair); the archival export
 * puts an image's events into its bag, so that the record of its integrity travels with the bytes.
 */
public interface FixityHistory {
  /** No events, where the registry keeps none (a feature tested on its own). */
  FixityHistory NONE = blob -> List.of();

  /**
   * One event.
   *
   * @param outcome {@code pass}, {@code corrupt}, {@code size}, {@code missing} or {@code repaired}
   * @param copy which copy was checked: {@code primary}, or the replica's location
   * @param detail what was found, in words, or null
   */
  record Event(Digest blob, Instant at, String agent, String outcome, String copy, String detail) {}

  /** The events of {@code blob}, oldest first. */
  List<Event> events(Digest blob);
}
