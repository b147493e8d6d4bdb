package org.arca.registry.job;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** The due jobs on PostgreSQL, with its migration of the lease index. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DueJobsPostgresTest extends DueJobsContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = TestDatabases.postgres();
    properties.put("arca.jobs.enabled", "false"); // the test moves the rows itself
    return properties;
  }
}
