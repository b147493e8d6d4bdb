package org.arca.registry.fixity;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.TestInstance;

/** Repair from a replica in another directory ({@code arca.fixity.replica.backend=filesystem}). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaDirectoryTest extends ReplicaContract implements TestPropertyProvider {
  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = properties();
    properties.put("arca.fixity.replica.backend", "filesystem");
    try {
      properties.put("arca.fixity.replica.path", Files.createTempDirectory("arca-replica").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
