package org.arca.registry.job;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.core.job.JobHandler;
import org.arca.core.job.PermanentJobFailure;

/** A job handler for tests, whose payload says how it behaves. Present only when {@code arca.test.jobs} is set. */
@Singleton
@Requires(property = "arca.test.jobs", value = "true")
public class TestJobs implements JobHandler {
  static final String KIND = "test-job";
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int maxAttempts() {
    return 3;
  }

  @Override
  public String run(String key, String payload) throws Exception {
    int attempt = attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    switch (payload) {
      case "fail-twice" -> {
        if (attempt <= 2) {
          throw new IllegalStateException("attempt " + attempt + " of " + key + " fails");
        }
      }
      case "permanent" -> throw new PermanentJobFailure("the image of " + key + " cannot be read");
      case "always" -> throw new IllegalStateException("never works");
      default -> { }
    }
    return "done " + key + " on attempt " + attempt;
  }
}
