package org.arca.preservation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's read-only shared material (schemas, specs), which lies beside the repository. */
public final class SharedFiles {

  private SharedFiles() {}

  /** {@code relative} under the first {@code shared/} found walking up from the working directory. */
  public static Path resolve(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/" + relative + " not found above " + Path.of("").toAbsolutePath()
        + "; the shared folder must lie beside the repository");
  }
}
