package org.arca.search.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.arca.core.RepositoryName;
import org.arca.search.query.SearchHit;
import org.arca.search.query.SearchResult;
import org.arca.search.testing.FakeRegistry;
import org.arca.search.testing.OciLayout;
import org.arca.search.testing.SearchHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package and documentation indexing on a real image: Debian bookworm minbase, built by debootstrap and packed by
 * umoci ({@code .ci/fixtures/debian-minbase.sh}).
 */
class DebianMinbaseTest {
  private static final RepositoryName DEBIAN = RepositoryName.parse("library/debian");

  @TempDir
  Path dir;

  static Path layout() throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("arca.repo.root", "..")).resolve(".ci/fixtures/debian-minbase.sh");
    Process process = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the fixture script did not finish");
    assertEquals(0, process.exitValue(), "debian-minbase.sh failed");
    return Path.of(out.lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void minbase_packagesFromDpkgStatusWithVersions() throws Exception {
    FakeRegistry registry = new FakeRegistry();
    try (SearchHarness harness = new SearchHarness(registry, dir.resolve("index"))) {
      harness.publish(OciLayout.push(layout(), registry, DEBIAN, "bookworm"));
      harness.awaitIdle();

      SearchResult bash = harness.search("package:bash");
      assertEquals(1, bash.total());
      SearchHit hit = bash.hits().get(0);
      assertEquals("library/debian", hit.repository());
      assertEquals("bookworm", hit.tag());
      assertEquals("Debian bookworm minbase", hit.title());
      String shown = hit.highlights().get("package");
      assertTrue(Pattern.compile("bash 5\\.2\\.\\d+-[0-9a-z.+~]+ \\(deb\\)").matcher(shown).matches(), shown);

      String version = shown.substring("bash ".length(), shown.indexOf(" (deb)"));
      assertEquals(1, harness.search("package:bash@" + version).total());
      assertEquals(1, harness.search("package:bash@5.2").total());
      assertEquals(0, harness.search("package:bash@4").total());
      // minbase has dpkg, apt, coreutils; it has no compiler
      assertEquals(1, harness.search("package:dpkg package:apt package:coreutils package:libc6").total());
      assertEquals(0, harness.search("package:gcc").total());
      // free text finds a package and shows its version
      assertTrue(harness.search("coreutils").hits().get(0).highlights().get("package").startsWith("coreutils 9."));
      // documentation: Debian copyright files are extracted
      assertEquals(1, harness.search("\"Free Software Foundation\"").total());
      assertEquals(1, harness.search("license:GPL-2.0").total(), "the image's licence label");
      assertEquals(1, harness.search("\"debootstrap --variant=minbase\"").total(), "history");
    }
  }
}
