package org.arca.registry.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.arca.core.job.JobState;
import org.arca.registry.metadata.Database;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runner's question "which jobs are due?" among many finished jobs: the queued one whose time has come and the
 * running one whose instance died, the earliest first. Run on H2 ({@link DueJobsH2Test}) and PostgreSQL.
 */
abstract class DueJobsContract {
  static final int FINISHED = 500;
  static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

  @Inject
  Database database;

  @Inject
  JobStore store;

  long queued;
  long abandoned;

  @BeforeAll
  void manyFinishedJobsOneDueAndOneAbandoned() {
    Instant earlier = NOW.minus(Duration.ofHours(1));
    database.write(c -> {
      for (int i = 0; i < FINISHED; i++) {
        store.insert(c, "k", "finished-" + i, null, earlier);
      }
      for (long id : store.due(c, List.of("k"), earlier, FINISHED)) {
        store.claim(c, id, "old", earlier, earlier.plusSeconds(30));
        store.finish(c, id, "old", id % 2 == 0 ? JobState.DONE : JobState.FAILED, earlier, null, null, earlier);
      }
      store.insert(c, "k", "abandoned", null, earlier.plusSeconds(1));
      abandoned = store.find(c, "k", "abandoned").orElseThrow().id();
      store.claim(c, abandoned, "dead instance", earlier.plusSeconds(1), earlier.plusSeconds(31));
      store.insert(c, "k", "queued", null, earlier.plusSeconds(2));
      queued = store.find(c, "k", "queued").orElseThrow().id();
      return null;
    });
  }

  @Test
  void due_findsTheQueuedAndTheAbandonedJob_earliestFirst() {
    assertEquals(List.of(abandoned, queued), database.read(c -> store.due(c, List.of("k", "other"), NOW, 8)));
    assertEquals(List.of(abandoned), database.read(c -> store.due(c, List.of("k"), NOW, 1)));
    assertEquals(List.of(), database.read(c -> store.due(c, List.of("other"), NOW, 8)));
  }
}
