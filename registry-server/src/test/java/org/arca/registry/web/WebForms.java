package org.arca.registry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestDatabases;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Signing in and posting the pages' forms over plain HTTP, as a browser without JavaScript does. */
final class WebForms {
  private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

  static final String ADMIN_PASSWORD = "admin-password-for-tests";

  private WebForms() {}

  /** A server on H2 with authentication on, a known admin password and cheap password hashes. */
  static Map<String, String> serverProperties() {
    return serverProperties(TestDatabases.h2());
  }

  /** The same on {@code database}'s settings. */
  static Map<String, String> serverProperties(Map<String, String> database) {
    Map<String, String> properties = new HashMap<>(database);
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  /** Signs in through the form in a browser, forgetting any session it had; the browser lands on {@code next}. */
  static void signIn(WebDriver browser, String base, String user, String password, String next) {
    browser.manage().deleteAllCookies();
    browser.get(base + "/signin?next=" + next);
    browser.findElement(By.id("signin-user")).sendKeys(user);
    browser.findElement(By.id("signin-password")).sendKeys(password);
    clickAndLoad(browser, By.cssSelector("form.stacked button[type=submit]"));
  }

  /**
   * Clicks a link or a form's button and waits until the browser has left the page: until then the elements found
   * would be the old page's, and the server may not have handled the form yet.
   */
  static void clickAndLoad(WebDriver browser, By target) {
    WebElement page = browser.findElement(By.tagName("html"));
    browser.findElement(target).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page));
  }

  /** A signed-in browser: its session cookie and the form token its pages carry. */
  record Session(String cookie, String formToken) {
    String[] headers() {
      return new String[] {"Cookie", "arca_session=" + cookie};
    }
  }

  /** Gets the sign-in form and posts it; asserts the redirect that a successful sign-in answers. */
  static Session signIn(OciClient web, String user, String password) {
    OciClient.Response form = web.get("/signin");
    assertEquals(200, form.status(), form.text());
    String signInCookie = cookie(form, "arca_signin").orElseThrow();
    OciClient.Response signedIn = web.post("/signin", form("user", user, "password", password, "token",
        token(form.text())), "Content-Type", "application/x-www-form-urlencoded",
        "Cookie", "arca_signin=" + signInCookie);
    assertEquals(303, signedIn.status(), signedIn.text());
    String session = cookie(signedIn, "arca_session").orElseThrow();
    OciClient.Response account = web.get("/account", "Cookie", "arca_session=" + session);
    assertEquals(200, account.status(), account.text());
    return new Session(session, token(account.text()));
  }

  static String token(String html) {
    Matcher matcher = TOKEN.matcher(html);
    assertTrue(matcher.find(), "a form token in the page");
    return matcher.group(1);
  }

  /** The {@code Set-Cookie} header that sets the named cookie, whole (with its attributes). */
  static Optional<String> setCookie(OciClient.Response response, String name) {
    return response.headers().getOrDefault("set-cookie", List.of()).stream()
        .filter(header -> header.startsWith(name + "=")).findFirst();
  }

  static Optional<String> cookie(OciClient.Response response, String name) {
    return setCookie(response, name).map(header -> header.substring(name.length() + 1).split(";", 2)[0]);
  }

  static byte[] form(String... pairs) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        continue;
      }
      body.append(body.isEmpty() ? "" : "&").append(pairs[i]).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String formType() {
    return "application/x-www-form-urlencoded";
  }
}
