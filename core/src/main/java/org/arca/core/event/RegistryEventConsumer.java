package org.arca.core.event;

/**
 * A feature that follows the registry's event log. The registry appends every {@link RegistryEvent} to its log in
 * the transaction of the change, and delivers the log to each consumer in order, off the request thread, at least
 * once: after a crash or a failed {@link #accept} the same event comes again, so a consumer must be idempotent (index
 * again, enqueue a job only if it is not queued, record a fact only once).
 */
public interface RegistryEventConsumer {

  /** A stable name: the log keeps the consumer's position under it, so renaming it replays or skips events. */
  String name();

  /**
   * True when every instance of a cluster must see every event because what the consumer builds is local to the
   * instance (a search index in its data directory, an in-memory cache); false (the default) when one instance per
   * cluster handling each event is enough (enqueueing a job, recording provenance in the shared database).
   */
  default boolean perInstance() {
    return false;
  }

  /** Handles one event; throwing makes the registry deliver it again later, and nothing after it until it succeeds. */
  void accept(RegistryEvent event) throws Exception;

  /**
   * Makes what was accepted so far durable; the registry calls it before it records the consumer as past those
   * events. A consumer that only queues work in memory waits here for its queue (briefly).
   *
   * @return false when that work is not done yet: the events stay unrecorded, and come again after a crash
   */
  default boolean flush() throws Exception {
    return true;
  }
}
