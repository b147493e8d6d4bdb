package org.arca.registry.api;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The OCI API contract on the embedded H2 database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciApiH2Test extends OciApiContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }
}
