package org.arca.converter.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentScriptTest {
  @TempDir
  Path dir;

  @Test
  void render_specialCharacters_reachTheShellUnchanged() throws IOException {
    String tricky = "it's \"quoted\" $HOME `date` \\ back\\slash\nnew line";
    byte[] script = EnvironmentScript.render(List.of("TRICKY=" + tricky));
    assertEquals(tricky, print(script, "TRICKY", Map.of()));
  }

  @Test
  void render_callerEnvironment_overridesImageDefaults() throws IOException {
    byte[] script = EnvironmentScript.render(List.of("MODE=image"));
    assertEquals("caller", print(script, "MODE", Map.of("MODE", "caller")));
    assertEquals("image", print(script, "MODE", Map.of()));
  }

  @Test
  void render_path_isSetByTheImage() throws IOException {
    byte[] script = EnvironmentScript.render(List.of("PATH=/opt/tool/bin:/usr/bin:/bin"));
    assertEquals("/opt/tool/bin:/usr/bin:/bin", print(script, "PATH", Map.of()));
  }

  @Test
  void render_invalidNamesAndValuelessEntries_handled() throws IOException {
    byte[] script = EnvironmentScript.render(List.of("BAD-NAME=x", "1ST=x", "NOVALUE", "EMPTY="));
    String text = new String(script, StandardCharsets.UTF_8);
    assertFalse(text.contains("BAD-NAME"));
    assertFalse(text.contains("1ST"));
    assertTrue(text.contains("export NOVALUE=\"${NOVALUE:-}\"\n"));
    assertEquals("kept", print(script, "NOVALUE", Map.of("NOVALUE", "kept")));
    assertEquals("", print(script, "EMPTY", Map.of()));
  }

  @Test
  void render_format_isOneExportPerVariable() {
    String text = new String(EnvironmentScript.render(List.of("A=1", "PATH=/bin")), StandardCharsets.UTF_8);
    assertEquals("#!/bin/sh\nexport A=\"${A:-\"1\"}\"\nexport PATH=\"/bin\"\n", text);
  }

  private String print(byte[] script, String name, Map<String, String> env) throws IOException {
    byte[] program = (new String(script, StandardCharsets.UTF_8) + "printf '%s' \"$" + name + "\"\n")
        .getBytes(StandardCharsets.UTF_8);
    return ScriptRunner.run(dir, program, env);
  }
}
