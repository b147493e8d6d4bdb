package org.arca.registry.auth;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The credentials of the JSON API on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiCredentialsPostgresTest extends ApiCredentialsContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return AccessControlContract.authProperties(TestDatabases.postgres());
  }
}
