package org.arca.registry.event;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.arca.registry.config.ArcaConfiguration;

/**
 * The name of this instance: {@code arca.instance-id} when set, else the name kept in {@code <data-dir>/instance-id}.
 * What an instance builds for itself (its search index) follows the event log under this name, so it must survive
 * restarts and differ between instances: instances that share a data directory each need their own
 * {@code ARCA_INSTANCE_ID}.
 */
@Singleton
final class InstanceIdentity {
  private final String id;
  private final String owner;

  InstanceIdentity(ArcaConfiguration config, @Nullable @Property(name = "arca.instance-id") String configured) {
    this.id = configured != null && !configured.isBlank() ? configured.strip() : stored(config.dataDir());
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    this.owner = id + "@" + host;
  }

  String id() {
    return id;
  }

  /**
   * Who holds this instance's leases on the log: the same after a restart on the same host, so that the instance
   * takes its leases back at once instead of waiting for them to run out; different for a copy on another host.
   */
  String owner() {
    return owner;
  }

  private static String stored(Path dataDir) {
    Path file = dataDir.resolve("instance-id");
    try {
      Files.createDirectories(dataDir);
      try {
        Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        // named at an earlier start: keep it
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("read or create " + file, e);
    }
  }
}
