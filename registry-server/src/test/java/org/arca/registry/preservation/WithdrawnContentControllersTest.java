package org.arca.registry.preservation;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** Withdrawal on H2, with the fast path off, so that Micronaut's blob controller answers. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithdrawnContentControllersTest extends WithdrawnContentContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return h2(false);
  }
}
