package org.arca.registry.web;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.Browsers;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web interface in a real browser (headless chromium): a pushed image is found by search with its match
 * highlighted, listed on its repository page, and its image page offers pull commands that copy as the right text;
 * a private repository never shows to an anonymous visitor; and every page reads without JavaScript.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebInterfaceBrowserTest implements TestPropertyProvider {
  private static final String PASSWORD = "web-test-password";
  private static final String ADMIN_PASSWORD = "admin-password-for-tests";

  @Inject
  EmbeddedServer server;

  private OciClient anonymous;
  private OciClient vera;
  private ChromeDriver browser;
  private Digest openDigest;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  @BeforeAll
  void pushImagesAndStartBrowser() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"vera\",\"password\":\"" + PASSWORD + "\"}")
        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    vera = anonymous.withBasic("vera", PASSWORD);
    openDigest = vera.pushManifest("vera/openthing", "1.0",
        image("vera/openthing", "openthingtool", "MIT"), MediaTypes.OCI_MANIFEST);
    vera.pushManifest("vera/openthing", "2.0", image("vera/openthing", "openthingtool", "MIT"),
        MediaTypes.OCI_MANIFEST);
    vera.pushManifest("vera/openthing", "latest", image("vera/openthing", "openthingtool", "MIT"),
        MediaTypes.OCI_MANIFEST);
    vera.pushManifest("vera/hidden", "1.0", image("vera/hidden", "zanzibartool", "GPL-3.0"),
        MediaTypes.OCI_MANIFEST);
    OciClient.expect(vera.put("/api/v1/repositories/vera/hidden/visibility",
        "{\"visibility\":\"private\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 200);
    Await.until(Duration.ofSeconds(60), "the images to be indexed",
        () -> total(vera.get("/api/v1/search?q=openthingtool")) == 3
            && total(vera.get("/api/v1/search?q=zanzibartool")) == 1);
    browser = Browsers.chromium(true);
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** An image whose labels name the tool and a description holding markup that must stay text. */
  private byte[] image(String repository, String software, String license) {
    byte[] layer = layer("opt/" + software + "/README", software + " " + new String(randomBytes(8),
        StandardCharsets.ISO_8859_1).hashCode());
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{"
        + "\"software\":\"" + software + "\","
        + "\"org.opencontainers.image.licenses\":\"" + license + "\","
        + "\"org.opencontainers.image.description\":\"" + software + " aligns reads <script>window.pwned=1</script>"
        + " <b>fast</b>\"}},"
        + "\"history\":[{\"created_by\":\"/bin/sh -c #(nop) ADD file:4b0f in / \"},"
        + "{\"created_by\":\"LABEL software=" + software + "\",\"empty_layer\":true}],"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    vera.pushBlob(repository, layer);
    vera.pushBlob(repository, config);
    return manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
  }

  /** A gzipped tar layer holding one file: real content that the search and the SIF converter can read. */
  private static byte[] layer(String path, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      TarArchiveEntry entry = new TarArchiveEntry(path);
      entry.setSize(bytes.length);
      tar.putArchiveEntry(entry);
      tar.write(bytes);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static int total(OciClient.Response response) {
    try {
      JsonNode body = OciJson.MAPPER.readTree(response.body());
      return body.get("total").asInt();
    } catch (IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }

  private String url(String path) {
    return server.getURL().toString() + path;
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @Test
  void search_findsPushedImage_andHighlightsTheMatchInItsCard() {
    browser.get(url("/"));
    WebElement box = browser.findElement(By.id("site-q"));
    box.sendKeys("openthingtool");
    box.submit();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.card")));
    List<WebElement> cards = browser.findElements(By.cssSelector("article.card"));
    assertEquals(3, cards.size(), "one card per image");
    WebElement card = cards.get(0);
    assertTrue(card.findElement(By.cssSelector("h2 a")).getText().startsWith("vera/openthing:"),
        card.getText());
    List<String> marked = card.findElements(By.cssSelector(".highlights em")).stream().map(WebElement::getText)
        .toList();
    assertTrue(marked.contains("openthingtool"), "the matched word is marked: " + marked);
    assertTrue(card.getText().contains("<script>window.pwned=1</script>"), "markup in labels shows as text");
    assertNull(browser.executeScript("return window.pwned"), "no script from a label ran");
    List<String> facets = browser.findElements(By.cssSelector(".facets a")).stream().map(WebElement::getText)
        .toList();
    assertTrue(facets.contains("MIT"), "the licence facet is a link: " + facets);
    Browsers.screenshot(browser, "search", 1280);
    Browsers.screenshot(browser, "search-375", 375);

    browser.findElement(By.linkText("MIT")).click();
    waiting().until(ExpectedConditions.urlContains("license%3AMIT"));
    assertEquals("openthingtool license:MIT", browser.findElement(By.id("site-q")).getAttribute("value"));
    assertEquals(3, browser.findElements(By.cssSelector("article.card")).size());
  }

  @Test
  void searchBox_suggestsToolNamesWhileTyping() {
    browser.get(url("/"));
    browser.findElement(By.id("site-q")).sendKeys("openth");
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#suggestions a")));
    List<String> suggestions = browser.findElements(By.cssSelector("#suggestions a")).stream()
        .map(WebElement::getText).toList();
    assertTrue(suggestions.contains("openthingtool"), "the tool's name is suggested: " + suggestions);
  }

  @Test
  void repositoryPage_listsTags_filtersAndSortsOnTheServer() {
    browser.get(url("/r/vera/openthing"));
    assertEquals(List.of("1.0", "2.0", "latest"), tagColumn());
    WebElement first = browser.findElement(By.cssSelector("table.tags tbody tr"));
    assertTrue(first.getText().contains(openDigest.hex().substring(0, 12)), first.getText());
    assertTrue(first.getText().contains("amd64"), first.getText());
    assertTrue(first.getText().matches("(?s).* \\d+ B .*"), "the image's size in bytes: " + first.getText());
    assertTrue(browser.findElement(By.cssSelector(".summary")).getText().contains("openthingtool aligns reads"));
    Browsers.screenshot(browser, "repository", 1280);
    Browsers.screenshot(browser, "repository-375", 375);

    browser.findElement(By.linkText("Pushed")).click();
    waiting().until(ExpectedConditions.urlContains("sort=pushed"));
    assertEquals(List.of("latest", "2.0", "1.0"), tagColumn(), "the newest push first");

    WebElement filter = browser.findElement(By.id("filter"));
    filter.sendKeys(".0");
    filter.submit();
    waiting().until(ExpectedConditions.urlContains("filter=.0"));
    assertEquals(List.of("2.0", "1.0"), tagColumn(), "filtered, still newest first");
  }

  private List<String> tagColumn() {
    return browser.findElements(By.cssSelector("table.tags tbody tr td:first-child")).stream()
        .map(WebElement::getText).toList();
  }

  @Test
  void imagePage_copyButton_copiesThePullCommand() {
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.getURL().toString(),
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    browser.get(url("/r/vera/openthing/1.0"));
    String host = server.getHost() + ":" + server.getPort();
    WebElement apptainer = browser.findElement(By.cssSelector("button[aria-label='Copy the apptainer command']"));
    assertTrue(apptainer.isDisplayed(), "with JavaScript the copy buttons show");
    apptainer.click();
    waiting().until(ExpectedConditions.textToBePresentInElement(apptainer, "Copied"));
    Object copied = browser.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('' + e));");
    assertEquals("apptainer pull oras://" + host + "/sif/vera/openthing:1.0", copied);
    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("docker pull " + host + "/vera/openthing:1.0"), page);
    assertTrue(page.contains("curl -fLO -J http://" + host + "/sif/vera/openthing/1.0.sif"), page);
    assertTrue(page.contains("ADD file:4b0f in /"), "the build history: " + page);
    assertTrue(page.contains("org.opencontainers.image.licenses"), "the labels: " + page);
    Browsers.screenshot(browser, "image", 1280);
    Browsers.screenshot(browser, "image-375", 375);

    browser.get(url("/r/vera/openthing/" + openDigest));
    assertTrue(browser.findElement(By.tagName("main")).getText()
        .contains("docker pull " + host + "/vera/openthing@" + openDigest));
  }

  @Test
  void privateRepository_neverAppearsToAnAnonymousVisitor() {
    for (String path : List.of("/", "/search?q=zanzibartool", "/search?q=*", "/search?q=vera",
        "/search/suggestions?q=zanz", "/r/vera/openthing")) {
      browser.get(url(path));
      String source = browser.getPageSource();
      assertFalse(source.contains("vera/hidden") || source.contains("zanzibartool") && !path.contains("zanz"),
          path + " shows the private repository");
      assertFalse(source.contains("vera/hidden"), path);
    }
    browser.get(url("/search?q=zanzibartool"));
    assertEquals("0", browser.findElement(By.cssSelector("#count span")).getText());
    assertTrue(browser.findElements(By.cssSelector(".facets a")).isEmpty(), "no facet counts the private image");

    OciClient.Response hidden = anonymous.get("/r/vera/hidden");
    OciClient.Response unknown = anonymous.get("/r/vera/nosuchthing");
    assertEquals(404, hidden.status());
    assertEquals(404, unknown.status());
    assertEquals(unknown.text().replace("vera/nosuchthing", "X"), hidden.text().replace("vera/hidden", "X"),
        "a private repository is answered exactly like an unknown one");
    OciClient.Response hiddenImage = anonymous.get("/r/vera/hidden/1.0");
    OciClient.Response unknownImage = anonymous.get("/r/vera/nosuchthing/1.0");
    assertEquals(404, hiddenImage.status());
    assertEquals(unknownImage.text().replace("vera/nosuchthing", "X"), hiddenImage.text().replace("vera/hidden", "X"));

    OciClient.Response owner = vera.get("/r/vera/hidden/1.0");
    assertEquals(200, owner.status(), "the owner sees it");
    assertTrue(owner.text().contains("zanzibartool"));
    assertTrue(vera.get("/search?q=zanzibartool").text().contains("vera/hidden"));
  }

  @Test
  void pages_readWithoutJavaScript() {
    ChromeDriver plain = Browsers.chromium(false);
    try {
      plain.get(url("/search?q=openthingtool"));
      assertEquals(3, plain.findElements(By.cssSelector("article.card")).size());
      plain.get(url("/r/vera/openthing"));
      assertEquals(3, plain.findElements(By.cssSelector("table.tags tbody tr")).size());
      plain.get(url("/r/vera/openthing/1.0"));
      String host = server.getHost() + ":" + server.getPort();
      assertEquals("apptainer pull oras://" + host + "/sif/vera/openthing:1.0",
          plain.findElement(By.id("cmd-4")).getText());
      assertTrue(plain.findElements(By.cssSelector("button.copy")).stream().noneMatch(WebElement::isDisplayed),
          "copy buttons need JavaScript and stay hidden without it");
      Browsers.screenshot(plain, "image-no-js", 1280);
    } finally {
      plain.quit();
    }
  }

  @Test
  void pages_sendAContentSecurityPolicyWithoutInlineScripts() {
    OciClient.Response page = anonymous.get("/r/vera/openthing/1.0");
    String policy = page.header("Content-Security-Policy").orElseThrow();
    assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
    assertEquals(200, anonymous.get("/static/htmx.min.js").status(), "htmx is served from the webjar");
    assertEquals(404, anonymous.get("/static/..%2Fapplication.yml").status());
  }
}
