package org.arca.registry.preservation;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** Withdrawal on H2, with blob downloads served by the Netty fast path as in production (HTTP/1.1, no TLS). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithdrawnContentFastPathTest extends WithdrawnContentContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return h2(true);
  }
}
