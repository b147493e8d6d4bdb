package org.arca.registry.transfer;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Malformed, pipelined and half-closed HTTP on H2, with the fast path off: Micronaut's controllers answer. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsControllersTest extends MalformedRequestsContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2(false);
  }
}
