package org.arca.registry.event;

import jakarta.inject.Singleton;

/**
 * Wakes this instance's event consumers when a local change committed events, so that they read them at once rather
 * than at their next poll (which is only there for other instances' events and for retries).
 */
@Singleton
final class EventSignal {
  private long generation;

  synchronized void wake() {
    generation++;
    notifyAll();
  }

  synchronized long generation() {
    return generation;
  }

  /** Waits until woken after {@code seen}, or for {@code millis}. */
  synchronized void await(long seen, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (generation == seen) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }
}
