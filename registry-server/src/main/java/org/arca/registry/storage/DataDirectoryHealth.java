package org.arca.registry.storage;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.diskspace.DiskSpaceIndicator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code diskSpace} entry of {@code /health}, measured where Arca writes: the data directory, not the working
 * directory that Micronaut's own indicator looks at. DOWN while the free space is below {@code arca.storage.reserve},
 * that is while pushes are refused (pulls still work).
 */
@Singleton
@Replaces(DiskSpaceIndicator.class)
class DataDirectoryHealth extends AbstractHealthIndicator<Map<String, Object>> {
  private final DiskSpace disk;

  DataDirectoryHealth(DiskSpace disk) {
    this.disk = disk;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    disk.refresh();
    long free = disk.usableBytes();
    healthStatus = free < disk.reserve() ? HealthStatus.DOWN : HealthStatus.UP;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", disk.dataDir().toString());
    details.put("total", disk.totalBytes());
    details.put("free", free);
    details.put("reserve", disk.reserve());
    if (healthStatus == HealthStatus.DOWN) {
      details.put("message", "the data directory is below its reserve: pushes and other changes are refused and"
          + " background jobs wait until space is freed; pulls still work");
    }
    return details;
  }

  @Override
  protected String getName() {
    return "diskSpace";
  }
}
