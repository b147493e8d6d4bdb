package org.arca.converter.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunscriptTest {
  private static final List<String> PRINTF = List.of("printf", "[%s]");

  @TempDir
  Path dir;

  @Test
  void run_noArguments_runsEntrypointWithCmd() throws IOException {
    byte[] script = Runscript.render(PRINTF, List.of("a b", "it's", "$HOME"));
    assertEquals("[a b][it's][$HOME]", ScriptRunner.run(dir, script, Map.of("HOME", "/root")));
  }

  @Test
  void run_arguments_replaceCmdNotEntrypoint() throws IOException {
    byte[] script = Runscript.render(PRINTF, List.of("default"));
    assertEquals("[x][\"y z\"]", ScriptRunner.run(dir, script, Map.of(), "x", "\"y z\""));
  }

  @Test
  void run_cmdOnly_argumentsReplaceIt() throws IOException {
    byte[] script = Runscript.render(null, List.of("printf", "cmd"));
    assertEquals("cmd", ScriptRunner.run(dir, script, Map.of()));
    assertEquals("args", ScriptRunner.run(dir, script, Map.of(), "printf", "args"));
  }

  @Test
  void run_neitherEntrypointNorCmd_failsWithMessage() throws IOException {
    byte[] script = Runscript.render(List.of(), null);
    assertTrue(ScriptRunner.run(dir, script, Map.of()).contains("no ENTRYPOINT or CMD"));
  }

  @Test
  void render_setsOciVariablesAsApptainer() {
    String text = new String(Runscript.render(List.of("/bin/sh", "-c"), List.of("echo \"hi\"")),
        StandardCharsets.UTF_8);
    assertTrue(text.contains("OCI_ENTRYPOINT='\"/bin/sh\" \"-c\"'\n"), text);
    assertTrue(text.contains("OCI_CMD='\"echo \\\"hi\\\"\"'\n"), text);
  }
}
