package org.arca.registry.gc;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Garbage collection on the embedded H2 database, with a zero grace period. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcH2Test extends GcContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.gc.grace-period", "0s");
    // what features derive from pushes is not under test here; their jobs would only slow the loop down
    properties.put("arca.converter.enabled", "false");
    properties.put("arca.search.enabled", "false");
    properties.put("arca.test.image-jobs", "true");
    return properties;
  }
}
