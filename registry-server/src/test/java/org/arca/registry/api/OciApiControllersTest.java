package org.arca.registry.api;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/**
 * The OCI API contract through Micronaut's controllers alone, with the Netty fast path off: the path TLS and HTTP/2
 * clients take, held to the same contract as the fast path.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciApiControllersTest extends OciApiContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2(false);
  }
}
