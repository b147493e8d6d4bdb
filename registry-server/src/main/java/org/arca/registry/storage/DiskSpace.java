package org.arca.registry.storage;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.StorageConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of the data directory's file system, and the reserve Arca keeps there
 * ({@code arca.storage.reserve}).
 *
 * <p>The embedded H2 database lives on the same disk as blobs and uploads, and H2 closes itself for good when a write
 * fails for lack of space: from then on every request, pulls included, fails until the process is restarted on a
 * disk with room. So Arca stops writing before the disk is full: below the reserve, uploads and every database
 * change are refused with a message saying why, and background jobs wait. Reads never write, so pulls go on; and
 * since nothing is stuck, all of it works again as soon as space is freed.
 *
 * <p>The measurement is one {@code statfs} call, kept for a second so that checking it per written buffer costs
 * nothing; uploads count what they write against it meanwhile.
 */
@Singleton
public class DiskSpace {
  private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
  private static final long FRESH_NANOS = 1_000_000_000L;

  private final Path dataDir;
  private final FileStore store;
  private final long reserve;
  private final boolean holdsDatabase;
  /** The last measurement, less what Arca has written since. */
  private final AtomicLong usable = new AtomicLong();
  private volatile long measuredAt;
  private volatile boolean low;

  DiskSpace(ArcaConfiguration arca, StorageConfiguration config,
      @Value("${datasources.default.url:}") String databaseUrl) throws IOException {
    this.dataDir = arca.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    this.store = Files.getFileStore(dataDir);
    this.reserve = Math.max(0, config.reserve());
    this.holdsDatabase = embeddedIn(databaseUrl, dataDir);
    refresh();
  }

  /** True when the JDBC URL names an H2 file database below {@code dataDir}, which then shares its disk. */
  static boolean embeddedIn(String databaseUrl, Path dataDir) {
    String prefix = "jdbc:h2:file:";
    if (databaseUrl == null || !databaseUrl.startsWith(prefix)) {
      return false;
    }
    String file = databaseUrl.substring(prefix.length()).split(";", 2)[0];
    return Path.of(file).toAbsolutePath().normalize().startsWith(dataDir);
  }

  /** Bytes an unprivileged process may still write to the data directory, measured at most a second ago. */
  public long usableBytes() {
    long now = System.nanoTime();
    if (now - measuredAt > FRESH_NANOS) {
      refresh();
    }
    return usable.get();
  }

  /**
   * Counts {@code bytes} Arca has just written against the last measurement, so that its own writes count at once
   * rather than at the next measurement, a second later, when a fast upload may have taken the reserve already.
   */
  public void written(long bytes) {
    usable.addAndGet(-bytes);
  }

  /** Measures again now, e.g. after a write failed for lack of space. */
  public void refresh() {
    long free = measure();
    usable.set(free);
    measuredAt = System.nanoTime();
    boolean wasLow = low;
    low = free < reserve;
    if (low && !wasLow) {
      LOG.warn("the data directory {} has {} free, less than the reserve of {} (arca.storage.reserve): pushes and"
          + " other changes are refused and background jobs wait until space is freed", dataDir, bytes(free),
          bytes(reserve));
    } else if (wasLow && !low) {
      LOG.info("the data directory {} has {} free again: pushes, changes and background jobs resume", dataDir,
          bytes(free));
    }
  }

  /** The size of the data directory's file system. */
  public long totalBytes() {
    try {
      return store.getTotalSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long reserve() {
    return reserve;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Whether the embedded database lives on this disk, so that its changes must leave the reserve alone too. */
  public boolean holdsDatabase() {
    return holdsDatabase;
  }

  /** Free space is below the reserve: accept no writes. */
  public boolean belowReserve() {
    return usableBytes() < reserve;
  }

  /**
   * Refuses {@code action} when the data directory is below its reserve, or would be after {@code incoming} more
   * bytes (-1 when unknown).
   */
  public void requireRoom(String action, long incoming) {
    long free = usableBytes();
    if (free - Math.max(0, incoming) < reserve) {
      throw full(action, incoming);
    }
  }

  /**
   * Like {@link #requireRoom}, for a change of the database alone: refused only when the database shares this disk.
   * Measured afresh each time, since one write on a disk that another program has just filled closes H2; a
   * {@code statfs} call costs little beside a transaction's commit.
   */
  public void requireRoomForDatabase(String action) {
    if (holdsDatabase) {
      refresh();
      requireRoom(action, 0);
    }
  }

  /** The error a refused write answers: the spec's DENIED, with a message saying the disk is full. */
  public RegistryException full(String action, long incoming) {
    return full(action, incoming, null);
  }

  /** The same, for a write the file system refused ({@code cause}, kept for the log). */
  public RegistryException full(String action, long incoming, Throwable cause) {
    long free = usableBytes();
    String need = incoming > 0 && free >= reserve ? ", the request brings " + bytes(incoming) + "," : "";
    return new RegistryException(OciError.DENIED, action + ": the registry's disk is full (" + bytes(free)
        + " free" + need + " and Arca keeps " + bytes(reserve) + " in reserve); try again once the operator has"
        + " freed space", cause);
  }

  /** Whether {@code e} says the disk (or the user's quota on it) is full. */
  public static boolean isOutOfSpace(IOException e) {
    String message = e.getMessage();
    return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
  }

  /** Free bytes as the file system reports them; overridden by tests that need a disk of a given fullness. */
  long measure() {
    try {
      return store.getUsableSpace();
    } catch (IOException e) {
      LOG.warn("measuring the free space of {} failed: {}", dataDir, e.getMessage());
      return Long.MAX_VALUE; // no measurement is no reason to refuse writes; the writes themselves will tell
    }
  }

  static String bytes(long count) {
    if (count < 1024) {
      return count + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
