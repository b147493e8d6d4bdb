package org.arca.converter.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.job.JobHandler;
import org.junit.jupiter.api.Test;

class ConversionKeyTest {
  private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));

  @Test
  void subject_ofAParsedKey_isTheImageTheConversionReads() {
    String key = new ConversionKey(RepositoryName.parse("lab/tools"), DIGEST).toString();

    assertEquals(new JobHandler.Subject(RepositoryName.parse("lab/tools"), DIGEST), ConversionKey.parse(key).subject());
  }
}
