package org.arca.converter;

import java.io.IOException;
import java.nio.file.Path;

/** The real Debian bookworm minbase image, built once by {@code .ci/fixtures/debian-minbase.sh} and cached. */
final class DebianMinbase {
  static final String REF = "bookworm";
  private static Path layout;

  private DebianMinbase() {}

  static synchronized Path layout() throws IOException {
    if (layout == null) {
      Path script = Path.of(System.getProperty("user.dir")).getParent().resolve(".ci/fixtures/debian-minbase.sh");
      layout = Path.of(Tools.run("bash", script.toString()).trim());
    }
    return layout;
  }
}
