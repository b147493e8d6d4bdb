package org.arca.registry.retention;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Retention on the embedded H2 database, without the converter (its SIFs would arrive while a test plans). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionH2Test extends RetentionContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.h2();
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.test.clock", "true");
    return properties;
  }
}
