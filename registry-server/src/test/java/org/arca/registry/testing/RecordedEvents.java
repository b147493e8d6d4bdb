package org.arca.registry.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.arca.core.event.ManifestDeleted;
import org.arca.core.event.ManifestPushed;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.TagDeleted;
import org.arca.core.event.TagMoved;

/** Records every registry event a test server publishes, as a feature module would receive them. */
@Singleton
@Requires(env = Environment.TEST)
public class RecordedEvents {
  private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

  @EventListener
  void on(ManifestPushed event) {
    events.add(event);
  }

  @EventListener
  void on(TagMoved event) {
    events.add(event);
  }

  @EventListener
  void on(TagDeleted event) {
    events.add(event);
  }

  @EventListener
  void on(ManifestDeleted event) {
    events.add(event);
  }

  /** Events about one repository, in the order they were published. */
  public List<RegistryEvent> of(String repository) {
    return events.stream().filter(e -> e.repository().value().equals(repository)).toList();
  }
}
