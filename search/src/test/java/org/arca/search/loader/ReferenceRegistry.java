package org.arca.search.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * CNCF distribution (Debian's {@code docker-registry}) run as a process on a free port with filesystem storage in a
 * temporary folder: the reference registry the loader is tested against.
 */
final class ReferenceRegistry implements AutoCloseable {
  private final Process process;
  final String url;

  ReferenceRegistry(Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("registry-config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: info
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(dir.resolve("data"), port));
    process = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true).start();
    url = "http://127.0.0.1:" + port;
    // the registry logs "listening on" once it accepts connections: wait for that line, not for a time
    CompletableFuture<Void> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = log.readLine()) != null) {
          if (line.contains("listening on")) {
            listening.complete(null); // then keep draining the log so the process never blocks on it
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      listening.complete(null);
    }, "docker-registry-log");
    reader.setDaemon(true);
    reader.start();
    try {
      listening.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("docker-registry did not start listening on port " + port, e);
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("docker-registry exited with " + process.exitValue());
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
