package org.arca.converter.apptainer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /.singularity.d/env/10-docker2singularity.sh}: the image's {@code Env}, as defaults that the caller's
 * environment may override, except {@code PATH}, which the image sets (as Apptainer does). Variables whose names a
 * shell cannot export are left out.
 */
final class EnvironmentScript {
  private EnvironmentScript() {}

  static byte[] render(List<String> env) {
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    for (String entry : env) {
      int equals = entry.indexOf('=');
      String name = equals < 0 ? entry : entry.substring(0, equals);
      if (!ShellQuoting.VARIABLE_NAME.matcher(name).matches()) {
        continue;
      }
      if (equals < 0) {
        script.append("export ").append(name).append("=\"${").append(name).append(":-}\"\n");
        continue;
      }
      String value = ShellQuoting.doubleQuotedContent(entry.substring(equals + 1));
      if (name.equals("PATH")) {
        script.append("export PATH=\"").append(value).append("\"\n");
      } else {
        script.append("export ").append(name).append("=\"${").append(name).append(":-\"").append(value)
            .append("\"}\"\n");
      }
    }
    return script.toString().getBytes(StandardCharsets.UTF_8);
  }
}
