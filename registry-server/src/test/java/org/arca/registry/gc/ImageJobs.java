package org.arca.registry.gc;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.job.JobHandler;

/**
 * Jobs keyed {@code <repository>@<digest>}, like conversions, that do nothing: the GC tests run with the converter
 * off, and collect these instead. Present only when {@code arca.test.image-jobs} is set.
 */
@Singleton
@Requires(property = "arca.test.image-jobs", value = "true")
class ImageJobs implements JobHandler {
  static final String KIND = "test-image-job";

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String run(String key, String payload) {
    return "done";
  }

  @Override
  public Optional<Subject> subject(String key) {
    int at = key.lastIndexOf('@');
    return Optional.of(new Subject(RepositoryName.parse(key.substring(0, at)), Digest.parse(key.substring(at + 1))));
  }
}
