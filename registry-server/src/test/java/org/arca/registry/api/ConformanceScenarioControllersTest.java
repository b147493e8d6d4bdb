package org.arca.registry.api;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The conformance suite's discovery workflow on H2 with the Netty fast path off: Micronaut's controllers answer. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceScenarioControllersTest extends ConformanceScenarioContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return defaultsWithAuthentication(TestDatabases.h2(false));
  }
}
