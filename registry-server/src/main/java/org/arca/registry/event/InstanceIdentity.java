package org.arca.registry.event;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.arca.registry.config.ArcaConfiguration;

/**
 * The name of this instance's data directory, kept in {@code <data-dir>/instance-id}. What an instance builds for
 * itself (its search index) lives in that directory, so its position in the event log is kept under this name: it
 * survives restarts and host renames, and a fresh data directory starts a fresh position.
 */
@Singleton
final class InstanceIdentity {
  private final String id;

  InstanceIdentity(ArcaConfiguration config) {
    Path file = config.dataDir().resolve("instance-id");
    try {
      Files.createDirectories(file.getParent());
      try {
        Files.writeString(file, UUID.randomUUID() + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE_NEW);
      } catch (FileAlreadyExistsException e) {
        // made by an earlier start: keep it
      }
      this.id = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("read or create " + file, e);
    }
  }

  String id() {
    return id;
  }
}
