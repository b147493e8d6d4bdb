package org.arca.search.api;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.arca.search.testing.FakeRegistry;

/** The registry's ports as the server would provide them: here one in-memory fake for both. */
@Factory
class RegistryPorts {

  @Singleton
  FakeRegistry registry() {
    return new FakeRegistry();
  }
}
