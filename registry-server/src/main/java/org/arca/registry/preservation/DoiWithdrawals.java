package org.arca.registry.preservation;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;
import org.arca.core.registry.WithdrawnContent;
import org.arca.preservation.doi.DoiRecord;
import org.arca.registry.metadata.Database;
import org.arca.registry.metadata.MetadataStore;

/**
 * Hides the content of withdrawn DOIs from pulls: their manifests, and the blobs only they reference (see
 * {@link HiddenContent}). Every manifest and blob GET asks, so what is hidden is held in memory and re-read every few
 * seconds (as permission decisions are): another instance's withdrawal is seen within that time, this instance's at
 * once. With no withdrawals, asking costs one lookup in an empty map.
 */
@Singleton
@Requires(property = "arca.preservation.enabled", notEquals = "false")
public class DoiWithdrawals implements WithdrawnContent, RegistryEventConsumer {
  private static final String ALL = "all";

  private final JdbcDoiRecordStore dois;
  private final Database database;
  private final MetadataStore store;
  private final LoadingCache<String, HiddenContent> hidden;

  public DoiWithdrawals(JdbcDoiRecordStore dois, Database database, MetadataStore store) {
    this.dois = dois;
    this.database = database;
    this.store = store;
    // refreshed in the background, so that the event loop asking on every GET never waits for the database
    this.hidden = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(5)).build(key -> load());
  }

  @Override
  public Optional<String> withdrawal(RepositoryName repository, Digest digest) {
    return lookUp(hidden.get(ALL).manifests(), repository, digest);
  }

  @Override
  public Optional<String> blobWithdrawal(RepositoryName repository, Digest digest) {
    return lookUp(hidden.get(ALL).blobs(), repository, digest);
  }

  private static Optional<String> lookUp(Map<HiddenContent.Key, String> hidden, RepositoryName repository,
      Digest digest) {
    if (hidden.isEmpty()) {
      return Optional.empty(); // the usual case: no key to build
    }
    return Optional.ofNullable(hidden.get(new HiddenContent.Key(repository, digest)));
  }

  /** Forgets what was read, after a withdrawal on this instance. */
  public void refresh() {
    hidden.invalidateAll();
  }

  /**
   * A push, tag change or delete in a repository with hidden content can change what only withdrawn manifests
   * reference (a new image sharing a hidden layer makes it pullable again): re-read it in the background.
   */
  @Override
  public String name() {
    return "hidden-content";
  }

  /** The hidden set is held in this instance's memory, so each instance follows the log for it. */
  @Override
  public boolean perInstance() {
    return true;
  }

  @Override
  public void accept(RegistryEvent event) {
    HiddenContent current = hidden.getIfPresent(ALL);
    if (current != null && current.hides(event.repository())) {
      hidden.refresh(ALL);
    }
  }

  private HiddenContent load() {
    List<DoiRecord> withdrawn = dois.withdrawn();
    return withdrawn.isEmpty() ? HiddenContent.NONE : database.read(c -> HiddenContent.of(c, store, withdrawn));
  }
}
