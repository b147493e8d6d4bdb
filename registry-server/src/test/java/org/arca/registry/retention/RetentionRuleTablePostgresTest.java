package org.arca.registry.retention;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The retention rule table on PostgreSQL, on a test clock, without the converter (its SIFs would be referrers). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionRuleTablePostgresTest extends RetentionRuleTableContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.postgres();
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.test.clock", "true");
    return properties;
  }
}
