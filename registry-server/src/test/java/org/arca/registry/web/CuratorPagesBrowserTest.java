package org.arca.registry.web;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.web.WebForms.form;
import static org.arca.registry.web.WebForms.formType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.Browsers;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The curator's pages in headless chromium: a curator writes a retention policy, plans, reviews the plan's items,
 * approves it (the tags go) and restores one from the restore window; a researcher is refused with 403 and an
 * anonymous visitor is asked to sign in; a curator's form without the session's form token changes nothing; an
 * admin starts a garbage-collection dry run and reads the audit log, which a curator's page does not show.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CuratorPagesBrowserTest implements TestPropertyProvider {
  private static final String ADMIN_PASSWORD = WebForms.ADMIN_PASSWORD;
  private static final String PASSWORD = "curator-pages-password";

  @Inject
  EmbeddedServer server;

  private OciClient anonymous;
  private OciClient rita;
  private ChromeDriver browser;

  @Override
  public Map<String, String> getProperties() {
    return WebForms.serverProperties();
  }

  @BeforeAll
  void pushTagsAndStartBrowser() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"carol\",\"password\":\"" + PASSWORD
        + "\",\"role\":\"curator\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"rita\",\"password\":\"" + PASSWORD + "\"}")
        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    rita = anonymous.withBasic("rita", PASSWORD);
    for (String tag : List.of("v1", "v2", "v3")) {
      byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"v\":\"" + tag
          + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
      rita.pushBlob("rita/pruned", config);
      rita.pushManifest("rita/pruned", tag, manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of()),
          MediaTypes.OCI_MANIFEST);
    }
    browser = Browsers.chromium(true);
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private void signIn(String user) {
    WebForms.signIn(browser, server.getURL().toString(), user, PASSWORD, "/curator");
  }

  @Test
  void curator_writesAPolicy_reviewsThePlan_approvesIt_andRestoresATag() {
    signIn("carol");
    assertTrue(browser.getCurrentUrl().endsWith("/curator"), browser.getCurrentUrl());
    browser.findElement(By.id("policy-pattern")).sendKeys("rita/**");
    browser.findElement(By.id("policy-rules")).clear();
    browser.findElement(By.id("policy-rules")).sendKeys("[{\"rule\":\"keepMostRecentlyPushed\",\"count\":1}]");
    WebForms.clickAndLoad(browser, By.xpath("//button[text()='Add policy']"));
    assertTrue(browser.findElement(By.id("main")).getText().contains("rita/**"));

    WebForms.clickAndLoad(browser, By.xpath("//button[starts-with(text(),'Plan now')]"));
    assertTrue(browser.getCurrentUrl().contains("/curator/plans/"), browser.getCurrentUrl());
    assertEquals("planned", browser.findElement(By.id("plan-state")).getText());
    String items = browser.findElement(By.cssSelector("table")).getText();
    assertTrue(items.contains("v1") && items.contains("v2"), items);
    Browsers.screenshot(browser, "curator-plan", 1280);
    assertEquals(List.of("v1", "v2", "v3"), tags());

    WebForms.clickAndLoad(browser, By.xpath("//button[starts-with(text(),'Approve')]"));
    assertEquals("executed", browser.findElement(By.id("plan-state")).getText());
    assertEquals(List.of("v3"), tags());

    browser.get(server.getURL() + "/curator");
    WebForms.clickAndLoad(browser, By.cssSelector("button[aria-label='Restore rita/pruned v1']"));
    assertEquals(List.of("v1", "v3"), tags());

    browser.findElement(By.id("quota-namespace")).sendKeys("rita");
    WebForms.clickAndLoad(browser, By.xpath("//button[text()='Show']"));
    assertTrue(browser.findElement(By.id("main")).getText().contains("Used"));
    Browsers.screenshot(browser, "curator", 1280);
  }

  @Test
  void researcher_isRefusedTheCuratorPages_andAVisitorIsAskedToSignIn() {
    OciClient.Response visitor = anonymous.get("/curator");
    assertEquals(303, visitor.status());
    assertEquals("/signin?next=/curator", visitor.header("Location").orElseThrow());
    signIn("rita");
    assertTrue(browser.findElement(By.tagName("h1")).getText().contains("For curators only"));
    WebForms.Session session = WebForms.signIn(anonymous, "rita", PASSWORD);
    assertEquals(403, anonymous.get("/curator", session.headers()).status());
    assertEquals(403, anonymous.post("/curator/plans", form("token", session.formToken()), "Content-Type",
        formType(), "Cookie", "arca_session=" + session.cookie()).status());
  }

  @Test
  void curatorForm_withoutTheFormToken_changesNothing() {
    WebForms.Session carol = WebForms.signIn(anonymous, "carol", PASSWORD);
    OciClient.Response refused = anonymous.post("/curator/policies", form("pattern", "nothing/**", "rules",
        "[{\"rule\":\"removeTags\",\"pattern\":\"*\"}]"), "Content-Type", formType(),
        "Cookie", "arca_session=" + carol.cookie());
    assertEquals(403, refused.status());
    String policies = anonymous.withBasic("carol", PASSWORD).get("/api/v1/retention/policies").text();
    assertFalse(policies.contains("nothing/**"), policies);
  }

  @Test
  void admin_startsAGarbageCollectionDryRun_andReadsTheAuditLog_whileACuratorMayNot() {
    WebForms.Session admin = WebForms.signIn(anonymous, "admin", WebForms.ADMIN_PASSWORD);
    OciClient.Response started = anonymous.post("/curator/gc", form("token", admin.formToken(), "dryRun", "true"),
        "Content-Type", formType(), "Cookie", "arca_session=" + admin.cookie());
    assertEquals(303, started.status(), started.text());
    String runs = anonymous.withBasic("admin", WebForms.ADMIN_PASSWORD).get("/api/v1/gc/runs").text();
    assertTrue(runs.contains("\"dryRun\":true"), runs);
    String page = anonymous.get("/curator", admin.headers()).text();
    assertTrue(page.contains("dry run"), "the run is in the history");
    assertTrue(page.contains("web.signin"), "the audit log shows sign-ins");

    WebForms.Session carol = WebForms.signIn(anonymous, "carol", PASSWORD);
    String curatorPage = anonymous.get("/curator", carol.headers()).text();
    assertFalse(curatorPage.contains("Audit log") || curatorPage.contains("Collect garbage"), "admins only");
    assertEquals(403, anonymous.post("/curator/gc", form("token", carol.formToken(), "dryRun", "true"),
        "Content-Type", formType(), "Cookie", "arca_session=" + carol.cookie()).status());
  }

  private List<String> tags() {
    String body = rita.get("/v2/rita/pruned/tags/list").text();
    return List.of("v1", "v2", "v3").stream().filter(tag -> body.contains("\"" + tag + "\"")).toList();
  }
}
