package org.arca.registry.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium, driven through its {@code /usr/bin/chromedriver} (packages chromium and
 * chromium-driver, which .ci/test-env.sh installs). Both paths are given, so Selenium never looks for or downloads a
 * browser of its own.
 */
public final class Browsers {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browsers() {}

  /** A headless browser of a desktop's width, with or without JavaScript. */
  public static ChromeDriver chromium(boolean javascript) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,900", "--lang=en");
    if (!javascript) {
      options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    // a page that does not load fails the test instead of hanging it
    options.setPageLoadTimeout(Duration.ofSeconds(30));
    options.setScriptTimeout(Duration.ofSeconds(10));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
        .withLogFile(new File("target/chromedriver.log")).withVerbose(true).build();
    return new ChromeDriver(service, options);
  }

  /** Saves what the browser shows, at {@code width} CSS pixels and the page's full height, to target/screenshots. */
  public static Path screenshot(WebDriver driver, String name, int width) {
    Dimension before = driver.manage().window().getSize();
    try {
      Object height = ((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("return document.documentElement.scrollHeight");
      int pageHeight = height instanceof Number n ? Math.min(4000, n.intValue() + 120) : 900;
      driver.manage().window().setSize(new Dimension(width, Math.max(700, pageHeight)));
      File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("save the screenshot " + name, e);
    } finally {
      driver.manage().window().setSize(before);
    }
  }
}
