package org.arca.registry.storage;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.StorageConfiguration;

/**
 * A data directory whose free space the test sets, for the refusals that do not need a really full disk
 * ({@code FullDiskIT} fills a real one). Active with {@code arca.test.fake-disk=true}.
 */
@Singleton
@Replaces(DiskSpace.class)
@Requires(property = "arca.test.fake-disk", value = "true")
public class FakeDiskSpace extends DiskSpace {
  /** Static, because the base class measures once while it is constructed. */
  private static final AtomicLong FREE = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong reserveChecks = new AtomicLong();

  FakeDiskSpace(ArcaConfiguration arca, StorageConfiguration config,
      @Value("${datasources.default.url:}") String databaseUrl) throws IOException {
    super(arca, config, databaseUrl);
  }

  /** Sets the free space and makes it seen at once. */
  public void setFree(long bytes) {
    FREE.set(bytes);
    refresh();
  }

  /** Sets the free space as another program filling the disk would: seen only at the next measurement. */
  public void fillUnseen(long bytesLeft) {
    FREE.set(bytesLeft);
  }

  /** How often something asked whether the disk is below its reserve: lets a test wait for a component to look. */
  public long reserveChecks() {
    return reserveChecks.get();
  }

  @Override
  public boolean belowReserve() {
    reserveChecks.incrementAndGet();
    return super.belowReserve();
  }

  @Override
  long measure() {
    return FREE.get();
  }
}
