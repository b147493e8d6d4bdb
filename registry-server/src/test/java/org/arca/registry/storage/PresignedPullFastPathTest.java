package org.arca.registry.storage;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** Presigned pulls with blob downloads going through the Netty fast path. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresignedPullFastPathTest extends PresignedPullContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return properties(true);
  }
}
