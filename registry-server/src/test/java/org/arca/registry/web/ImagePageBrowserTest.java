package org.arca.registry.web;

import static org.arca.registry.testing.TestImages.annotations;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.Axe;
import org.arca.registry.testing.Browsers;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The image page in full, in headless chromium: its recipe highlighted, its referrers by kind, its provenance
 * picture (drawn for the eye; its caption carries the same facts and the links), its vetting status and a citation in the style the reader picks; markup pushed in labels and recipes stays
 * text; and every page passes axe-core's WCAG 2.1 A/AA checks and fits a 375 px wide phone without sideways scrolling.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagePageBrowserTest implements TestPropertyProvider {
  private static final String PASSWORD = "image-page-password";
  private static final String ADMIN_PASSWORD = "admin-password-for-tests";
  private static final String DOCKERFILE = """
      # builds the aligner <script>window.pwned=2</script>
      FROM debian:bookworm-slim
      RUN apt-get install -y samtools \\
          && echo '<img src=x onerror=window.pwned=3>'
      LABEL org.opencontainers.image.title="aligner"
      """;

  @Inject
  EmbeddedServer server;

  private OciClient nadia;
  private ChromeDriver browser;
  private Digest aligner;

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
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient.expect(anonymous.withBasic("admin", ADMIN_PASSWORD).post("/api/v1/users",
        ("{\"name\":\"nadia\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json"), 201);
    nadia = anonymous.withBasic("nadia", PASSWORD);
    byte[] image = image("nadia/aligner", "debian:bookworm-slim");
    aligner = nadia.pushManifest("nadia/aligner", "1.0", image, MediaTypes.OCI_MANIFEST);
    Descriptor subject = new Descriptor(MediaTypes.OCI_MANIFEST, aligner, image.length);
    attach("nadia/aligner", subject, "application/vnd.arca.recipe.dockerfile.v1", "text/x-dockerfile", "Dockerfile",
        DOCKERFILE.getBytes(StandardCharsets.UTF_8));
    attach("nadia/aligner", subject, "application/spdx+json", "application/spdx+json", "sbom.spdx.json",
        "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8));
    nadia.pushManifest("nadia/pipeline", "2.1", image("nadia/pipeline", "nadia/aligner:1.0"),
        MediaTypes.OCI_MANIFEST);
    Await.until(Duration.ofSeconds(60), "the derived image to be indexed by its base",
        () -> total(nadia.get("/api/v1/search?q=base:nadia/aligner:1.0")) == 1);
    browser = Browsers.chromium(true);
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** An image built on {@code base} (annotated so), with a description holding markup that must stay text. */
  private byte[] image(String repository, String base) {
    byte[] layer = ("layer of " + repository).getBytes(StandardCharsets.UTF_8);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{"
        + "\"org.opencontainers.image.licenses\":\"MIT\","
        + "\"org.opencontainers.image.description\":\"aligns reads <script>window.pwned=1</script> <b>fast</b>\"}},"
        + "\"history\":[{\"created_by\":\"/bin/sh -c #(nop) ADD file:4b0f in / \"},"
        + "{\"created_by\":\"RUN apt-get install -y samtools\"}],"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    byte[] second = ("second layer of " + repository).getBytes(StandardCharsets.UTF_8);
    nadia.pushBlob(repository, layer);
    nadia.pushBlob(repository, second);
    nadia.pushBlob(repository, config);
    return manifest(MediaTypes.OCI_MANIFEST, descriptor(MediaTypes.OCI_CONFIG, config),
        List.of(descriptor(MediaTypes.OCI_LAYER, layer), descriptor(MediaTypes.OCI_LAYER, second)), null, null,
        annotations("org.opencontainers.image.base.name", base));
  }

  private void attach(String repository, Descriptor subject, String artifactType, String layerType, String title,
      byte[] content) {
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    nadia.pushBlob(repository, content);
    nadia.pushBlob(repository, empty);
    byte[] artifact = manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_EMPTY, Digest.sha256(empty), 2),
        List.of(new Descriptor(layerType, Digest.sha256(content), content.length, null,
            annotations("org.opencontainers.image.title", title), null, null)),
        subject, artifactType, null);
    nadia.pushManifest(repository, Digest.sha256(artifact).toString(), artifact, MediaTypes.OCI_MANIFEST);
  }

  private static int total(OciClient.Response response) {
    try {
      JsonNode body = OciJson.MAPPER.readTree(response.body());
      return body.path("total").asInt();
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

  private List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  @Test
  void imagePage_showsRecipeReferrersProvenanceAndVetting_withMarkupAsText() {
    browser.get(url("/r/nadia/aligner/1.0"));
    List<String> keywords = texts("pre.recipe .keyword");
    assertEquals(List.of("FROM", "RUN", "LABEL"), keywords, "the Dockerfile's instructions are highlighted");
    String recipe = browser.findElement(By.cssSelector("pre.recipe")).getText();
    assertTrue(recipe.contains("# builds the aligner <script>window.pwned=2</script>"), recipe);
    assertTrue(recipe.contains("echo '<img src=x onerror=window.pwned=3>'"), recipe);
    assertEquals(List.of("Recipe", "SBOM"), texts("table.referrers tbody td:first-child").stream().sorted().toList());
    assertTrue(texts("table.referrers code").contains("application/spdx+json"));

    assertEquals(List.of("debian:bookworm-slim", "nadia/aligner:1.0", "nadia/pipeline:2.1"),
        texts("figure.provenance svg text"), "base, image and the image built on it, drawn in that order");
    WebElement derived = browser.findElement(By.cssSelector("figcaption a"));
    assertEquals("/r/nadia/pipeline/2.1", URI.create(derived.getAttribute("href")).getPath());

    String main = browser.findElement(By.tagName("main")).getText();
    assertTrue(main.contains("Not vetted"), "no vetting decision shows as not vetted: " + main);
    assertTrue(main.contains("aligns reads <script>window.pwned=1</script> <b>fast</b>"), main);
    assertTrue(main.contains("RUN apt-get install -y samtools"), "the build history: " + main);
    assertNull(browser.executeScript("return window.pwned"), "nothing pushed ran as a script");
    Axe.assertNoViolations(browser);
    Browsers.screenshot(browser, "image-full", 1280);

    derived.click();
    waiting().until(ExpectedConditions.urlContains("/r/nadia/pipeline/2.1"));
    assertEquals(List.of("nadia/aligner:1.0", "nadia/pipeline:2.1"), texts("figure.provenance svg text"));
  }

  @Test
  void api_answersWhatThePagesShow() throws IOException {
    JsonNode image = OciJson.MAPPER.readTree(nadia.get("/api/v1/images/nadia/aligner:1.0").body());
    assertEquals(aligner.toString(), image.get("digest").asText());
    assertEquals("RUN apt-get install -y samtools", image.get("history").get(1).get("createdBy").asText());
    assertEquals("Dockerfile", image.get("recipe").get("kind").asText());
    assertEquals(List.of("Recipe", "SBOM"), image.get("referrers").findValuesAsText("kind").stream().sorted().toList());
    assertEquals(false, image.get("vetting").get("vetted").asBoolean());
    assertEquals("debian:bookworm-slim", image.get("labels").get("org.opencontainers.image.base.name").asText());
    JsonNode byDigest = OciJson.MAPPER.readTree(nadia.get("/api/v1/images/nadia/aligner@" + aligner).body());
    assertEquals("1.0", byDigest.get("tags").get(0).asText(), "by digest, the same image with its tags");

    JsonNode tags = OciJson.MAPPER.readTree(nadia.get("/api/v1/repositories/nadia/aligner/tags?sort=pushed").body());
    assertEquals(1, tags.get("total").asInt());
    assertEquals("1.0", tags.get("tags").get(0).get("tag").asText());
    assertEquals(aligner.toString(), tags.get("tags").get(0).get("digest").asText());

    assertEquals(404, nadia.get("/api/v1/images/nadia/nosuchthing:1.0").status());
    assertEquals(404, nadia.get("/api/v1/images/nadia/aligner:9.9").status());
    OciClient.Response unnamed = nadia.get("/api/v1/images/nadia/aligner");
    assertEquals(400, unnamed.status());
    assertTrue(unnamed.text().contains("<repository>:<tag>"), unnamed.text());
  }

  @Test
  void citeSection_formatsTheCitationInThePickedStyle_andOffersDownloads() {
    browser.get(url("/r/nadia/aligner/1.0"));
    WebElement citation = browser.findElement(By.id("citation"));
    waiting().until(d -> !citation.getText().isBlank());
    String apa = citation.getText();
    assertTrue(apa.contains("nadia/aligner"), "the APA citation, loaded with the page: " + apa);
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("cite-style"))).selectByValue("ieee");
    browser.findElement(By.cssSelector("form.cite button")).click();
    waiting().until(d -> !citation.getText().equals(apa) && !citation.getText().isBlank());
    assertTrue(citation.getText().contains("[Online]. Available:"), "IEEE's wording: " + citation.getText());
    assertEquals(url("/r/nadia/aligner/1.0"), browser.getCurrentUrl(), "the citation changed in place");

    WebElement bibtex = browser.findElement(By.linkText("BibTeX"));
    OciClient.Response download = nadia.get(URI.create(bibtex.getAttribute("href")).getRawPath() + "?"
        + URI.create(bibtex.getAttribute("href")).getRawQuery());
    assertEquals(200, download.status());
    assertTrue(download.text().startsWith("@"), download.text());
    Axe.assertNoViolations(browser);
  }

  @Test
  void everyPage_passesAxe_andFitsA375PixelScreen() {
    List<String> pages = List.of("/", "/search?q=aligner", "/r/nadia/aligner", "/r/nadia/aligner/1.0",
        "/r/nadia/aligner/" + aligner, "/r/nadia/pipeline/2.1", "/r/nadia/nosuchthing",
        "/cite/nadia/aligner@" + aligner, "/doi/10.5072/nosuchthing");
    Dimension desktop = browser.manage().window().getSize();
    try {
      for (String page : pages) {
        browser.manage().window().setSize(desktop);
        browser.get(url(page));
        Axe.assertNoViolations(browser);
        browser.manage().window().setSize(new Dimension(375, 800));
        Object overflowing = browser.executeScript("""
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            return [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > width)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                + ' right=' + Math.round(e.getBoundingClientRect().right));
            """);
        assertEquals(List.of(), overflowing, page + " scrolls sideways at 375 px; these stick out");
        Axe.assertNoViolations(browser);
      }
      browser.get(url("/r/nadia/aligner/1.0"));
      Browsers.screenshot(browser, "image-full-375", 375);
    } finally {
      browser.manage().window().setSize(desktop);
    }
  }

  @Test
  void landingPage_wearsTheSiteLayout_andCopiesItsCitationWithoutAnInlineScript() {
    browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", server.getURL().toString(),
        "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    browser.get(url("/cite/nadia/aligner@" + aligner));
    assertEquals("Arca", browser.findElement(By.cssSelector("header.site a.brand")).getText());
    assertTrue(browser.findElement(By.id("site-q")).isDisplayed(), "the site's search box heads the page");
    WebElement copy = browser.findElement(By.id("copy-citation"));
    copy.click();
    waiting().until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
    Object copied = browser.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('' + e));");
    assertEquals(browser.findElement(By.id("citation")).getText(), copied);
    OciClient.Response page = nadia.get("/cite/nadia/aligner@" + aligner);
    String policy = page.header("Content-Security-Policy").orElseThrow();
    assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), policy);
    assertTrue(!page.text().contains("onclick") && !page.text().contains("<style"), "no inline script or style");
    Browsers.screenshot(browser, "landing", 1280);
  }

  @Test
  void imagePage_isKeyboardNavigable_fromTheSkipLinkToTheCopyButtons() {
    browser.get(url("/r/nadia/aligner/1.0"));
    browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
    WebElement first = browser.switchTo().activeElement();
    assertEquals("Skip to content", first.getText(), "the first Tab reaches the skip link");
    boolean reachedCopy = false;
    for (int i = 0; i < 60 && !reachedCopy; i++) {
      browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
      reachedCopy = "Copy".equals(browser.switchTo().activeElement().getText());
    }
    assertTrue(reachedCopy, "Tab reaches a copy button");
  }
}
