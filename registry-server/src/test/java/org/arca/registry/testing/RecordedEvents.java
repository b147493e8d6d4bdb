package org.arca.registry.testing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.arca.core.event.RegistryEvent;
import org.arca.core.event.RegistryEventConsumer;

/** Records every registry event a test server delivers from its event log, as a feature module receives them. */
@Singleton
@Requires(env = Environment.TEST)
public class RecordedEvents implements RegistryEventConsumer {
  private final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "test-recorder";
  }

  @Override
  public boolean perInstance() {
    return true;
  }

  @Override
  public void accept(RegistryEvent event) {
    events.add(event);
  }

  /** Events about one repository, in the order they were delivered. */
  public List<RegistryEvent> of(String repository) {
    return events.stream().filter(e -> e.repository().value().equals(repository)).toList();
  }

  /** Waits until the events of {@code repository} delivered so far satisfy {@code condition}, and returns them. */
  public List<RegistryEvent> await(String repository, Predicate<List<RegistryEvent>> condition) {
    Await.until(Duration.ofSeconds(30), "events of " + repository, () -> condition.test(of(repository)));
    return of(repository);
  }
}
