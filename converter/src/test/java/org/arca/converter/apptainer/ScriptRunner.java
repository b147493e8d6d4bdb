package org.arca.converter.apptainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs generated scripts with /bin/sh (dash on Debian, the strictest common POSIX shell) in a clean environment. */
final class ScriptRunner {
  private ScriptRunner() {}

  static String run(Path dir, byte[] script, Map<String, String> env, String... args) throws IOException {
    Path file = Files.createTempFile(dir, "script", ".sh");
    Files.write(file, script);
    List<String> command = new ArrayList<>(List.of("/bin/sh", file.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      String out = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(1, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
