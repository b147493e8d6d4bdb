package org.arca.registry.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Access control on the embedded H2 database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlH2Test extends AccessControlContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return authProperties(TestDatabases.h2());
  }
}
