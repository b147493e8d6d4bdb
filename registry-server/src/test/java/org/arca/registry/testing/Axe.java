package org.arca.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.arca.core.image.OciJson;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (Deque's accessibility engine, the {@code axe.min.js} that {@code com.deque.html.axe-core:selenium}
 * carries) run inside the browser on the page it shows. The script is injected through the driver, which the pages'
 * Content-Security-Policy does not govern, so the pages need no exception for it. A test fails on any WCAG 2.1 A or
 * AA violation, each printed with the rule, its help text and the elements that break it.
 */
public final class Axe {
  private static final String SCRIPT = load();
  private static final String RUN = """
      const done = arguments[arguments.length - 1];
      axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
        .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: '' + e})));
      """;

  private Axe() {}

  /** Fails when axe finds any violation on the page the browser shows now. */
  public static void assertNoViolations(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    js.executeScript(SCRIPT);
    Object answer = js.executeAsyncScript(RUN);
    JsonNode violations;
    try {
      violations = OciJson.MAPPER.readTree(String.valueOf(answer));
    } catch (IOException e) {
      throw new AssertionError("axe answered " + answer, e);
    }
    if (violations.has("error")) {
      throw new AssertionError("axe failed on " + driver.getCurrentUrl() + ": " + violations.get("error").asText());
    }
    if (!violations.isEmpty()) {
      throw new AssertionError("axe found accessibility violations on " + driver.getCurrentUrl() + ":\n"
          + readable(violations));
    }
  }

  private static String readable(JsonNode violations) {
    StringBuilder text = new StringBuilder();
    for (JsonNode v : violations) {
      text.append("- ").append(v.path("id").asText()).append(" (").append(v.path("impact").asText()).append("): ")
          .append(v.path("help").asText()).append(" <").append(v.path("helpUrl").asText()).append(">\n");
      for (JsonNode node : v.path("nodes")) {
        text.append("    at ").append(node.path("target")).append(": ")
            .append(node.path("failureSummary").asText().replace("\n", " ")).append('\n');
      }
    }
    return text.toString();
  }

  private static String load() {
    try (InputStream in = Axe.class.getResourceAsStream("/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe.min.js is not on the test classpath (com.deque.html.axe-core:selenium)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
