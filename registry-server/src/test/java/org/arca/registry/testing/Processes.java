package org.arca.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tools the tests drive (skopeo, umoci, siftool...) and fails with their output when they fail. */
public final class Processes {
  private Processes() {}

  /** What a finished process printed. */
  public record Result(int exitCode, String output) {}

  public static String run(List<String> command) {
    Result result = runAllowingFailure(command, null);
    if (result.exitCode() != 0) {
      throw new AssertionError("command failed (" + result.exitCode() + "): " + String.join(" ", command) + "\n"
          + result.output());
    }
    return result.output();
  }

  public static String run(String... command) {
    return run(List.of(command));
  }

  public static Result runAllowingFailure(List<String> command, Path workingDirectory) {
    try {
      Path log = Files.createTempFile("arca-process-", ".log");
      try {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        if (workingDirectory != null) {
          builder.directory(workingDirectory.toFile());
        }
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("command timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (installed by .ci/test-env.sh?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The cached Debian minbase OCI layout, built on first use by .ci/fixtures/debian-minbase.sh. */
  public static Path debianMinbase() {
    Path script = repositoryRoot().resolve(".ci/fixtures/debian-minbase.sh");
    String output = run(script.toString()).strip();
    String[] lines = output.split("\n");
    return Path.of(lines[lines.length - 1].strip());
  }

  /** The checkout's root, found from the module's working directory. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".ci/fixtures"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
