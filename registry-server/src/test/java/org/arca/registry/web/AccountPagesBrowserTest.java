package org.arca.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.arca.registry.testing.Browsers;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The account pages in headless chromium: signing in through the form, creating a robot whose token is shown once
 * and then works with the registry, revoking it, and managing an organization's members; every form posts without
 * JavaScript, and what users typed stays text.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountPagesBrowserTest implements TestPropertyProvider {
  private static final String ADMIN_PASSWORD = WebForms.ADMIN_PASSWORD;
  private static final String PASSWORD = "account-pages-password";

  @Inject
  EmbeddedServer server;

  private OciClient anonymous;
  private ChromeDriver browser;
  private ChromeDriver plainBrowser;

  @Override
  public Map<String, String> getProperties() {
    return WebForms.serverProperties();
  }

  @BeforeAll
  void createUsersAndStartBrowsers() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    for (String user : new String[] {"ada", "ben"}) {
      OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    }
    OciClient.expect(anonymous.withBasic("ada", PASSWORD).post("/api/v1/organizations",
        "{\"name\":\"adalab\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    browser = Browsers.chromium(true);
    plainBrowser = Browsers.chromium(false);
  }

  @AfterAll
  void stopBrowsers() {
    if (browser != null) {
      browser.quit();
    }
    if (plainBrowser != null) {
      plainBrowser.quit();
    }
  }

  private void signIn(ChromeDriver driver, String user) {
    WebForms.signIn(driver, server.getURL().toString(), user, PASSWORD, "/account");
    assertTrue(driver.getCurrentUrl().endsWith("/account"), driver.getCurrentUrl());
  }

  @Test
  void signIn_thenCreateARobot_showsItsTokenOnce_andTheTokenPushesAndPulls() {
    browser.manage().deleteAllCookies();
    browser.get(server.getURL() + "/");
    WebForms.clickAndLoad(browser, By.linkText("Sign in"));
    browser.findElement(By.id("signin-user")).sendKeys("ada");
    browser.findElement(By.id("signin-password")).sendKeys(PASSWORD);
    WebForms.clickAndLoad(browser, By.cssSelector("form.stacked button[type=submit]"));
    assertTrue(browser.getCurrentUrl().endsWith("/account"), browser.getCurrentUrl());
    Cookie session = browser.manage().getCookieNamed("arca_session");
    assertTrue(session.isHttpOnly(), "scripts cannot read the session cookie");
    assertEquals("Lax", session.getSameSite());
    assertNull(browser.executeScript("return document.cookie.includes('arca_session') ? 'visible' : null"));
    assertTrue(browser.findElement(By.cssSelector("header.site")).getText().contains("Signed in as ada"));

    browser.findElement(By.id("robot-name")).sendKeys("ci");
    browser.findElement(By.cssSelector("input[name=push]")).click();
    browser.findElement(By.id("robot-description")).sendKeys("<img src=x onerror=\"window.pwned=1\"> CI");
    WebForms.clickAndLoad(browser, By.xpath("//button[text()='Create robot']"));
    String token = browser.findElement(By.id("new-robot-token")).getText();
    assertTrue(token.startsWith("arca_"), token);
    Browsers.screenshot(browser, "account-new-robot", 1280);
    assertTrue(browser.getPageSource().contains("&lt;img src=x"), "the description is text, not markup");
    assertNull(browser.executeScript("return window.pwned === undefined ? null : 'pwned'"));
    WebElement row = browser.findElement(By.xpath("//td/code[text()='ada+ci']/../.."));
    assertTrue(row.getText().contains("pull,push"), row.getText());

    OciClient robot = anonymous.withBasic("ada+ci", token);
    assertEquals(200, robot.get("/v2/").status());
    browser.get(server.getURL() + "/account");
    assertTrue(browser.findElements(By.id("new-robot-token")).isEmpty(), "the token is shown only once");

    WebForms.clickAndLoad(browser, By.cssSelector("button[aria-label='Revoke ada+ci']"));
    assertTrue(browser.findElement(By.xpath("//td/code[text()='ada+ci']/../..")).getText().contains("revoked"));
    assertEquals(401, anonymous.withBasic("ada+ci", token).get("/v2/").status());
  }

  @Test
  void organizationOwner_addsChangesAndRemovesAMember_withoutJavaScript() {
    signIn(plainBrowser, "ada");
    plainBrowser.findElement(By.id("member-adalab")).sendKeys("ben");
    plainBrowser.findElement(By.xpath("//select[@id='role-adalab']/option[@value='writer']")).click();
    WebForms.clickAndLoad(plainBrowser, By.xpath("//button[text()='Save member']"));
    String members = anonymous.withBasic("ada", PASSWORD).get("/api/v1/organizations/adalab/members").text();
    assertTrue(members.contains("\"ben\"") && members.contains("writer"), members);

    plainBrowser.findElement(By.id("member-adalab")).sendKeys("ben");
    plainBrowser.findElement(By.xpath("//select[@id='role-adalab']/option[@value='reader']")).click();
    WebForms.clickAndLoad(plainBrowser, By.xpath("//button[text()='Save member']"));
    members = anonymous.withBasic("ada", PASSWORD).get("/api/v1/organizations/adalab/members").text();
    assertTrue(members.contains("reader"), members);
    Browsers.screenshot(plainBrowser, "account-organization", 1280);

    WebForms.clickAndLoad(plainBrowser, By.cssSelector("button[aria-label='Remove ben from adalab']"));
    members = anonymous.withBasic("ada", PASSWORD).get("/api/v1/organizations/adalab/members").text();
    assertFalse(members.contains("\"ben\""), members);

    plainBrowser.findElement(By.id("member-adalab")).sendKeys("nobody-at-all");
    WebForms.clickAndLoad(plainBrowser, By.xpath("//button[text()='Save member']"));
    assertTrue(plainBrowser.findElement(By.cssSelector("p.error")).getText().contains("nobody-at-all"),
        plainBrowser.findElement(By.cssSelector("p.error")).getText());
  }

  @Test
  void member_whoIsNotAnOwner_seesMembersButNoForms() {
    OciClient.expect(anonymous.withBasic("ada", PASSWORD).put("/api/v1/organizations/adalab/members/ben",
        "{\"role\":\"reader\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 200);
    signIn(plainBrowser, "ben");
    assertTrue(plainBrowser.findElement(By.id("main")).getText().contains("adalab"));
    assertTrue(plainBrowser.findElements(By.id("member-adalab")).isEmpty());
    assertTrue(plainBrowser.findElements(By.cssSelector("button[aria-label^='Remove']")).isEmpty());
  }

  @Test
  void signOut_endsTheSession() {
    signIn(browser, "ben");
    WebForms.clickAndLoad(browser, By.xpath("//button[text()='Sign out']"));
    assertTrue(browser.findElement(By.cssSelector("header.site")).getText().contains("Sign in"));
    browser.get(server.getURL() + "/account");
    assertTrue(browser.getCurrentUrl().contains("/signin"), browser.getCurrentUrl());
  }
}
