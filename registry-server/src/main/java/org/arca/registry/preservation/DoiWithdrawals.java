package org.arca.registry.preservation;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.registry.WithdrawnContent;
import org.arca.preservation.doi.DoiRecord;

/**
 * Hides the content of withdrawn DOIs from pulls. Every manifest GET asks, so the withdrawn images are held in memory
 * and re-read every few seconds (as permission decisions are): another instance's withdrawal is seen within that
 * time, this instance's at once.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiWithdrawals implements WithdrawnContent {
  private final JdbcDoiRecordStore dois;
  private final LoadingCache<String, Map<String, DoiRecord>> withdrawn;

  public DoiWithdrawals(JdbcDoiRecordStore dois) {
    this.dois = dois;
    // refreshed in the background, so that the event loop asking on every manifest GET never waits for the database
    this.withdrawn = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(5)).build(key -> load());
  }

  @Override
  public Optional<String> withdrawal(RepositoryName repository, Digest digest) {
    DoiRecord record = withdrawn.get("all").get(repository + "@" + digest);
    if (record == null) {
      return Optional.empty();
    }
    return Optional.of(repository + "@" + digest + " was withdrawn on "
        + record.withdrawal().at().toString().substring(0, 10) + ": " + record.withdrawal().reason()
        + ". Its DOI " + record.doi() + " still resolves to a page that explains this: " + record.doi().url());
  }

  /** Forgets what was read, after a withdrawal on this instance. */
  public void refresh() {
    withdrawn.invalidateAll();
  }

  private Map<String, DoiRecord> load() {
    Map<String, DoiRecord> byImage = new HashMap<>();
    for (DoiRecord record : dois.withdrawn()) {
      byImage.put(record.repository() + "@" + record.digest(), record);
    }
    return byImage;
  }
}
