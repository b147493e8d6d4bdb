package org.arca.registry.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Arca started from the packaged jar as a separate process, as an operator runs it, so that tests can kill it with
 * SIGKILL or give it a small heap.
 */
public final class ArcaProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ArcaProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts Arca on {@code dataDir} with extra JVM options and environment, and waits until it is healthy. */
  public static ArcaProcess start(Path dataDir, List<String> jvmOptions, Map<String, String> environment)
      throws IOException {
    String jar = System.getProperty("arca.jar", "target/arca.jar");
    if (!Files.exists(Path.of(jar))) {
      throw new IllegalStateException("no " + jar + ": run these tests with 'mvn verify', which packages it first");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    Path log = Files.createTempFile("arca-process-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("ARCA_DATA_DIR", dataDir.toString());
    builder.environment().put("MICRONAUT_SERVER_PORT", Integer.toString(port));
    builder.environment().put("ARCA_AUTH_ENABLED", "false");
    builder.environment().putAll(environment);
    ArcaProcess arca = new ArcaProcess(builder.start(), port, log);
    arca.awaitReady(Duration.ofMinutes(2));
    return arca;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process's peak resident set size (VmHWM) in KiB, from /proc. */
  public long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmHWM for " + process.pid());
  }

  /** Kills the process with SIGKILL: no shutdown hook, no flush, as a power cut or the OOM killer would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
    Files.deleteIfExists(log);
  }

  private void awaitReady(Duration timeout) throws IOException {
    OciClient client = new OciClient(url());
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Arca exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (client.get("/health").status() == 200) {
          return;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      try {
        process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("Arca did not answer within " + timeout + ":\n" + log());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
