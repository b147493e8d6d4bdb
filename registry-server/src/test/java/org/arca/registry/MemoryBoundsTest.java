package org.arca.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.ExecutorConfiguration;
import io.micronaut.scheduling.executor.ExecutorType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The memory bounds that configuration sets: bounded thread pools, and Netty's direct memory ceiling. What they do to
 * resident memory is measured by {@code registry-server/bench/soak.sh} (docs/benchmarks.md), not asserted here.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryBoundsTest implements TestPropertyProvider {
  @Inject
  ApplicationContext context;

  @Override
  public Map<String, String> getProperties() {
    return TestDatabases.h2();
  }

  @ParameterizedTest
  @CsvSource({TaskExecutors.BLOCKING + ",32", TaskExecutors.IO + ",16"})
  void executor_isFixedPool_withBoundedThreads(String name, int threads) {
    ExecutorConfiguration configuration = context.getBean(ExecutorConfiguration.class, Qualifiers.byName(name));
    assertEquals(ExecutorType.FIXED, configuration.getType(), name + " executor type");
    assertEquals(threads, configuration.getNumberOfThreads(), name + " executor threads");
  }

  @Test
  void boundNativeMemory_withoutProperty_capsNettyDirectMemory() {
    withProperty(null, () -> {
      Application.boundNativeMemory();
      assertEquals(Long.toString(64L << 20), System.getProperty("io.netty.maxDirectMemory"));
    });
  }

  @Test
  void boundNativeMemory_withPropertyFromCommandLine_keepsIt() {
    withProperty("134217728", () -> {
      Application.boundNativeMemory();
      assertEquals("134217728", System.getProperty("io.netty.maxDirectMemory"));
    });
  }

  private static void withProperty(String value, Runnable test) {
    String before = System.getProperty("io.netty.maxDirectMemory");
    try {
      if (value == null) {
        System.clearProperty("io.netty.maxDirectMemory");
      } else {
        System.setProperty("io.netty.maxDirectMemory", value);
      }
      test.run();
    } finally {
      if (before == null) {
        System.clearProperty("io.netty.maxDirectMemory");
      } else {
        System.setProperty("io.netty.maxDirectMemory", before);
      }
    }
  }
}
