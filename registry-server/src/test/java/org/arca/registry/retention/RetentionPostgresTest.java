package org.arca.registry.retention;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Retention on PostgreSQL, without the converter (its SIFs would arrive while a test plans). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionPostgresTest extends RetentionContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.postgres();
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.test.clock", "true");
    return properties;
  }
}
