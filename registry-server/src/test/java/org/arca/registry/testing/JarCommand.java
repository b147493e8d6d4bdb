package org.arca.registry.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A management command of the packaged jar ({@code java -jar arca.jar user list}) run as an operator runs it, in its
 * own JVM on a data directory. A command that has not ended after {@link #HANG_LIMIT_MINUTES} is killed and fails the
 * test: commands must end on their own.
 */
public final class JarCommand {
  static final int HANG_LIMIT_MINUTES = 5;

  private JarCommand() {}

  /** What an ended command printed (stdout and stderr together) and its exit status. */
  public record Result(int exitCode, String output) {
    @Override
    public String toString() {
      return "exit " + exitCode + ":\n" + output;
    }
  }

  /**
   * Runs {@code arguments} on {@code dataDir} with extra environment and, when {@code stdin} is not null, that text
   * on standard input.
   */
  public static Result run(Path dataDir, Map<String, String> environment, String stdin, String... arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("arca.jar", "target/arca.jar")));
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile("arca-command-", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("ARCA_DATA_DIR", dataDir.toString());
      builder.environment().putAll(environment);
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(HANG_LIMIT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", arguments) + " did not end within " + HANG_LIMIT_MINUTES
            + " minutes; it printed:\n" + Files.readString(log));
      }
      return new Result(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
