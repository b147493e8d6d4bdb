package org.arca.registry.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Access control on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlPostgresTest extends AccessControlContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return authProperties(TestDatabases.postgres());
  }
}
