package org.arca.converter.job;

import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.job.JobHandler;

/** The job key of a conversion: one platform image, {@code <repository>@<digest>}. */
public record ConversionKey(RepositoryName repository, Digest digest) {
  public static final String KIND = "sif-conversion";

  public static ConversionKey parse(String key) {
    int at = key.lastIndexOf('@');
    if (at <= 0) {
      throw new IllegalArgumentException("not a conversion key: " + key);
    }
    return new ConversionKey(RepositoryName.parse(key.substring(0, at)), Digest.parse(key.substring(at + 1)));
  }

  /** The image the conversion reads: what garbage collection checks is still in its repository. */
  public JobHandler.Subject subject() {
    return new JobHandler.Subject(repository, digest);
  }

  @Override
  public String toString() {
    return repository + "@" + digest;
  }
}
