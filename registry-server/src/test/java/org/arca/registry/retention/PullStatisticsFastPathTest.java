package org.arca.registry.retention;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/** Pull statistics on H2, manifests answered by the Netty fast path, as in production. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PullStatisticsFastPathTest extends PullStatisticsContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2(true);
  }
}
