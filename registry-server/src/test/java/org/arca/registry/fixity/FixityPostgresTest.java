package org.arca.registry.fixity;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The fixity checks on PostgreSQL (the fixity tables, the cursor and the quarantine in its SQL dialect). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FixityPostgresTest extends FixityContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.postgres());
    properties.put("arca.fixity.scrub", "false");
    properties.put("arca.fixity.verify-downloads", "true");
    return properties;
  }
}
