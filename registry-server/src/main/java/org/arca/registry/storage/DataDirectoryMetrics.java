package org.arca.registry.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The data directory's space as gauges ({@code arca_data_dir_free_bytes} and friends at {@code /prometheus}), so that
 * an operator's alert fires before pushes are refused, not after: free space below the reserve is when Arca refuses.
 */
@Singleton
@Requires(beans = MeterRegistry.class)
class DataDirectoryMetrics implements MeterBinder {
  private final DiskSpace disk;

  DataDirectoryMetrics(DiskSpace disk) {
    this.disk = disk;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    String path = disk.dataDir().toString();
    Gauge.builder("arca.data.dir.free", disk, DiskSpace::usableBytes).baseUnit("bytes").tag("path", path)
        .description("usable bytes on the data directory's file system").register(registry);
    Gauge.builder("arca.data.dir.total", disk, DiskSpace::totalBytes).baseUnit("bytes").tag("path", path)
        .description("size of the data directory's file system").register(registry);
    Gauge.builder("arca.data.dir.reserve", disk, DiskSpace::reserve).baseUnit("bytes").tag("path", path)
        .description("free space below which pushes and database writes are refused (arca.storage.reserve)")
        .register(registry);
  }
}
