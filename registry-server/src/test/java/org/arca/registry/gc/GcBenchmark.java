package org.arca.registry.gc;

import com.sun.management.OperatingSystemMXBean;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.metadata.Database;
import org.arca.registry.testing.TestDatabases;

/**
 * Garbage collection over 100,000 manifests: generates the rows directly (repositories, manifests, references, blobs,
 * links) and a file per blob, plus garbage (unreferenced blobs with links, and files without rows), then times one
 * run. Run by {@code registry-server/bench/gc.sh}, with {@code -Xmx256m}:
 * {@code java -Xmx256m -cp arca.jar:test-classes org.arca.registry.gc.GcBenchmark h2|postgres [MANIFESTS]}.
 */
public final class GcBenchmark {
  private static final int MANIFESTS_PER_REPOSITORY = 100;
  private static final int SHARED_CONFIGS = 1000;

  private GcBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean postgres = args.length > 0 && args[0].equals("postgres");
    int manifests = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int garbageBlobs = manifests / 10;
    int filesWithoutRow = manifests / 100;
    Map<String, Object> properties = new HashMap<>(postgres ? TestDatabases.postgres() : TestDatabases.h2());
    properties.putAll(Map.of("arca.jobs.enabled", "false", "arca.converter.enabled", "false",
        "arca.search.enabled", "false", "logger.levels.root", "WARN"));
    Path data = Path.of((String) properties.get("arca.data-dir"));
    try (ApplicationContext context = ApplicationContext.builder().banner(false).environments(Environment.CLI)
        .properties(properties).start()) {
      Instant old = Instant.now().minus(Duration.ofHours(3));
      long started = System.nanoTime();
      generate(context.getBean(Database.class), data, manifests, garbageBlobs, filesWithoutRow, old);
      System.out.printf("generated %d manifests, %d live blobs, %d garbage blobs, %d files without a row in %.1f s%n",
          manifests, manifests + SHARED_CONFIGS, garbageBlobs, filesWithoutRow, seconds(started));

      GcRuns runs = context.getBean(GcRuns.class);
      System.gc();
      long before = System.nanoTime();
      long cpuBefore = processCpuNanos();
      GcRun dry = runs.runHere(true, "benchmark");
      double drySeconds = seconds(before);
      System.out.printf("dry run: %.1f s, CPU %.1f s (would remove %d blobs, %d links, %d files)%n",
          drySeconds, seconds(cpuBefore, processCpuNanos()), dry.blobsDeleted(), dry.linksRemoved(),
          dry.filesWithoutRow());
      before = System.nanoTime();
      cpuBefore = processCpuNanos();
      GcRun run = runs.runHere(false, "benchmark");
      double runSeconds = seconds(before);
      System.out.printf("run: %.1f s, CPU %.1f s (removed %d blobs, %d bytes, %d links, %d files without a row;"
          + " state %s)%n", runSeconds, seconds(cpuBefore, processCpuNanos()), run.blobsDeleted(),
          run.bytesReclaimed(), run.linksRemoved(), run.filesWithoutRow(), run.state());
      Runtime runtime = Runtime.getRuntime();
      System.out.printf("heap: max %d MiB, used at the end %d MiB%n", runtime.maxMemory() >> 20,
          (runtime.totalMemory() - runtime.freeMemory()) >> 20);
      // for bench/report.py
      System.out.printf(Locale.ROOT, "RESULT gc database=%s manifests=%d dry_s=%.1f run_s=%.1f heap_max_mib=%d%n",
          postgres ? "postgres" : "h2", manifests, drySeconds, runSeconds, runtime.maxMemory() >> 20);
      if (run.blobsDeleted() != garbageBlobs || run.filesWithoutRow() != filesWithoutRow) {
        throw new IllegalStateException("expected " + garbageBlobs + " blobs and " + filesWithoutRow + " files");
      }
    }
  }

  private static void generate(Database database, Path data, int manifests, int garbageBlobs, int filesWithoutRow,
      Instant old) throws IOException {
    OffsetDateTime time = old.atOffset(ZoneOffset.UTC);
    int repositories = (manifests + MANIFESTS_PER_REPOSITORY - 1) / MANIFESTS_PER_REPOSITORY;
    database.write(c -> {
      try (PreparedStatement repository = c.prepareStatement(
          "INSERT INTO repository (id, name, created_at) VALUES (?, ?, ?)")) {
        for (int r = 0; r < repositories; r++) {
          repository.setLong(1, 1_000_000L + r);
          repository.setString(2, "bench/repository-" + r);
          repository.setObject(3, time);
          repository.addBatch();
        }
        repository.executeBatch();
      }
      try (PreparedStatement blob = c.prepareStatement(INSERT_BLOB)) {
        for (int i = 0; i < SHARED_CONFIGS; i++) {
          addBlob(blob, data, "config-" + i, time);
        }
        blob.executeBatch();
      }
      return null;
    });
    for (int from = 0; from < manifests; from += 1000) {
      int first = from;
      database.write(c -> {
        try (PreparedStatement blob = c.prepareStatement(INSERT_BLOB);
            PreparedStatement link = c.prepareStatement(INSERT_LINK);
            PreparedStatement manifest = c.prepareStatement("INSERT INTO manifest (repository_id, digest,"
                + " media_type, size, content, pushed_at, pushed_by) VALUES (?, ?,"
                + " 'application/vnd.oci.image.manifest.v1+json', 2, ?, ?, 'benchmark')");
            PreparedStatement reference = c.prepareStatement("INSERT INTO manifest_reference (repository_id,"
                + " manifest_digest, child_digest, child_is_manifest) VALUES (?, ?, ?, FALSE)")) {
          for (int m = first; m < Math.min(manifests, first + 1000); m++) {
            long repositoryId = 1_000_000L + m / MANIFESTS_PER_REPOSITORY;
            Digest layer = addBlob(blob, data, "layer-" + m, time);
            Digest config = digest("config-" + (m % SHARED_CONFIGS));
            Digest digest = digest("manifest-" + m);
            manifest.setLong(1, repositoryId);
            manifest.setString(2, digest.toString());
            manifest.setBytes(3, "{}".getBytes(StandardCharsets.UTF_8));
            manifest.setObject(4, time);
            manifest.addBatch();
            // the 100 manifests of a repository use 100 different configs: each is linked there once
            for (Digest child : new Digest[] {layer, config}) {
              addLink(link, repositoryId, child, time);
              reference.setLong(1, repositoryId);
              reference.setString(2, digest.toString());
              reference.setString(3, child.toString());
              reference.addBatch();
            }
          }
          flush(blob, manifest, reference);
          link.executeBatch();
        }
        return null;
      });
    }
    for (int from = 0; from < garbageBlobs; from += 1000) {
      int first = from;
      database.write(c -> {
        try (PreparedStatement blob = c.prepareStatement(INSERT_BLOB);
            PreparedStatement link = c.prepareStatement(INSERT_LINK)) {
          for (int g = first; g < Math.min(garbageBlobs, first + 1000); g++) {
            Digest garbage = addBlob(blob, data, "garbage-" + g, time);
            addLink(link, 1_000_000L + g % repositories, garbage, time);
          }
          blob.executeBatch();
          link.executeBatch();
        }
        return null;
      });
    }
    for (int f = 0; f < filesWithoutRow; f++) {
      writeFile(data, "no-row-" + f);
    }
  }

  private static final String INSERT_BLOB = "INSERT INTO blob (digest, size, created_at) VALUES (?, ?, ?)";
  private static final String INSERT_LINK = "INSERT INTO blob_link (repository_id, digest, linked_at) VALUES (?, ?, ?)";

  private static Digest addBlob(PreparedStatement blob, Path data, String content, OffsetDateTime time)
      throws SQLException {
    Digest digest = writeFile(data, content);
    blob.setString(1, digest.toString());
    blob.setLong(2, content.length());
    blob.setObject(3, time);
    blob.addBatch();
    return digest;
  }

  private static void addLink(PreparedStatement link, long repositoryId, Digest digest, OffsetDateTime time)
      throws SQLException {
    link.setLong(1, repositoryId);
    link.setString(2, digest.toString());
    link.setObject(3, time);
    link.addBatch();
  }

  private static void flush(PreparedStatement... statements) throws SQLException {
    for (PreparedStatement statement : statements) {
      statement.executeBatch();
    }
  }

  private static Digest writeFile(Path data, String content) {
    Digest digest = digest(content);
    Path path = data.resolve("blobs").resolve("sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digest;
  }

  private static Digest digest(String content) {
    return Digest.sha256(content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * CPU time of the whole process (all threads, the JIT and the collector included): on a machine shared with other
   * builds, wall time says more about the neighbours than about the code.
   */
  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long from, long to) {
    return (to - from) / 1e9;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
