package org.arca.converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools that judge what the converter writes (siftool, unsquashfs, umoci, getfattr). A missing tool is
 * installed with apt-get, never skipped.
 */
public final class Tools {
  private Tools() {}

  /** What a finished process printed. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs {@code command}; fails unless it exits with 0. */
  public static String run(String... command) throws IOException {
    Result result = runAllowingFailure(command);
    if (result.exitCode() != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
          + result.stderr() + result.stdout());
    }
    return result.stdout();
  }

  public static Result runAllowingFailure(String... command) throws IOException {
    ensureInstalled(command[0]);
    Path out = Files.createTempFile("arca-tool", ".out");
    Path err = Files.createTempFile("arca-tool", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
          Files.readString(err, StandardCharsets.ISO_8859_1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static synchronized void ensureInstalled(String tool) throws IOException {
    if (tool.contains("/") || onPath(tool)) {
      return;
    }
    String pkg = switch (tool) {
      case "unsquashfs", "mksquashfs" -> "squashfs-tools";
      case "getfattr", "setfattr" -> "attr";
      default -> tool;
    };
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", pkg));
    try {
      Process process = new ProcessBuilder(install).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (process.waitFor() != 0 || !onPath(tool)) {
        throw new IOException("could not install " + tool + " (apt-get install -y " + pkg + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
