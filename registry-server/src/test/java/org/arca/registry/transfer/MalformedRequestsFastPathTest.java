package org.arca.registry.transfer;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed, pipelined and half-closed HTTP on H2, with the Netty fast path answering blobs, manifests and tag lists,
 * as in production (HTTP/1.1, no TLS).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsFastPathTest extends MalformedRequestsContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2(true);
  }
}
