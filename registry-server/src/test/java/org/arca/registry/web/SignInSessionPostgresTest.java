package org.arca.registry.web;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Signing in, sessions and form tokens on PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInSessionPostgresTest extends SignInSessionContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return properties(TestDatabases.postgres());
  }
}
