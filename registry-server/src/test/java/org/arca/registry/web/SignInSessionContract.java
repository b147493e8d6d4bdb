package org.arca.registry.web;

import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.web.WebForms.form;
import static org.arca.registry.web.WebForms.formType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in to the pages over plain HTTP: the session cookie's flags, the form tokens that every page's POST needs
 * (refused without one, with another session's, with a made-up one), sign-out, and what a session sees: its own
 * private repositories, never another user's, and never on the JSON API, where a cookie does not count. Subclasses
 * run it on each database, since sessions are rows.
 */
abstract class SignInSessionContract {
  private static final String ADMIN_PASSWORD = WebForms.ADMIN_PASSWORD;
  private static final String PASSWORD = "session-test-password";

  @Inject
  EmbeddedServer server;

  private OciClient web;
  private OciClient admin;

  /** The server's settings on {@code database}; the test client's own address is the trusted proxy. */
  static Map<String, String> properties(Map<String, String> database) {
    Map<String, String> properties = WebForms.serverProperties(database);
    properties.put("arca.web.session.trusted-proxies", "127.0.0.1");
    return properties;
  }

  @BeforeAll
  void createUsersAndAPrivateRepository() {
    web = new OciClient(URI.create(server.getURL().toString()));
    admin = web.withBasic("admin", ADMIN_PASSWORD);
    for (String user : List.of("sana", "omar", "petra")) {
      OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}")
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    }
    OciClient sana = web.withBasic("sana", PASSWORD);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"software\":"
        + "\"quokkatool\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
    sana.pushBlob("sana/secretwork", config);
    sana.pushManifest("sana/secretwork", "1.0", manifest(descriptor(MediaTypes.OCI_CONFIG, config), List.of()),
        MediaTypes.OCI_MANIFEST);
    OciClient.expect(sana.put("/api/v1/repositories/sana/secretwork/visibility",
        "{\"visibility\":\"private\"}".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 200);
    Await.until(Duration.ofSeconds(60), "the private image to be indexed",
        () -> sana.get("/api/v1/search?q=quokkatool").text().contains("sana/secretwork"));
  }

  @Test
  void signIn_overPlainHttp_setsHttpOnlyLaxCookieWithoutSecure() {
    OciClient.Response form = web.get("/signin");
    String signInCookie = WebForms.cookie(form, "arca_signin").orElseThrow();
    String signInFlags = WebForms.setCookie(form, "arca_signin").orElseThrow().toLowerCase();
    assertTrue(signInFlags.contains("httponly") && signInFlags.contains("samesite=strict"), signInFlags);
    OciClient.Response signedIn = web.post("/signin", form("user", "sana", "password", PASSWORD, "token",
        WebForms.token(form.text()), "next", "/r/sana/secretwork"), "Content-Type", formType(),
        "Cookie", "arca_signin=" + signInCookie);
    assertEquals(303, signedIn.status(), signedIn.text());
    assertEquals("/r/sana/secretwork", signedIn.header("Location").orElseThrow());
    String cookie = WebForms.setCookie(signedIn, "arca_session").orElseThrow().toLowerCase();
    assertTrue(cookie.contains("httponly"), cookie);
    assertTrue(cookie.contains("samesite=lax"), cookie);
    assertTrue(cookie.contains("path=/"), cookie);
    assertFalse(cookie.contains("secure"), "no Secure flag over plain HTTP: " + cookie);
  }

  @Test
  void signIn_behindTrustedProxyOverHttps_setsSecureCookie() {
    OciClient.Response form = web.get("/signin", "X-Forwarded-Proto", "https");
    String signInCookie = WebForms.cookie(form, "arca_signin").orElseThrow();
    assertTrue(WebForms.setCookie(form, "arca_signin").orElseThrow().toLowerCase().contains("secure"));
    OciClient.Response signedIn = web.post("/signin", form("user", "sana", "password", PASSWORD, "token",
        WebForms.token(form.text())), "Content-Type", formType(), "Cookie", "arca_signin=" + signInCookie,
        "X-Forwarded-Proto", "https");
    assertEquals(303, signedIn.status(), signedIn.text());
    String cookie = WebForms.setCookie(signedIn, "arca_session").orElseThrow().toLowerCase();
    assertTrue(cookie.contains("secure"), cookie);
    assertTrue(cookie.contains("httponly"), cookie);
  }

  @Test
  void signIn_wrongPasswordOrUnknownUser_answersTheSameWithoutASession() {
    for (String user : List.of("sana", "nobody-here")) {
      OciClient.Response form = web.get("/signin");
      OciClient.Response refused = web.post("/signin", form("user", user, "password", "wrong-password-1", "token",
          WebForms.token(form.text())), "Content-Type", formType(),
          "Cookie", "arca_signin=" + WebForms.cookie(form, "arca_signin").orElseThrow());
      assertEquals(401, refused.status(), refused.text());
      assertTrue(refused.text().contains("invalid user name or password"), refused.text());
      assertTrue(WebForms.setCookie(refused, "arca_session").isEmpty());
    }
  }

  @Test
  void signIn_withoutTheFormsToken_isRefused() {
    OciClient.Response form = web.get("/signin");
    OciClient.Response noCookie = web.post("/signin", form("user", "sana", "password", PASSWORD, "token",
        WebForms.token(form.text())), "Content-Type", formType());
    assertEquals(403, noCookie.status());
    OciClient.Response otherToken = web.post("/signin", form("user", "sana", "password", PASSWORD, "token",
        "arca_forged"), "Content-Type", formType(),
        "Cookie", "arca_signin=" + WebForms.cookie(form, "arca_signin").orElseThrow());
    assertEquals(403, otherToken.status());
    assertTrue(WebForms.setCookie(otherToken, "arca_session").isEmpty());
  }

  @Test
  void signIn_toAnotherSite_isRedirectedToTheAccountPage() {
    OciClient.Response form = web.get("/signin");
    OciClient.Response signedIn = web.post("/signin", form("user", "sana", "password", PASSWORD, "token",
        WebForms.token(form.text()), "next", "//evil.example/steal"), "Content-Type", formType(),
        "Cookie", "arca_signin=" + WebForms.cookie(form, "arca_signin").orElseThrow());
    assertEquals("/account", signedIn.header("Location").orElseThrow());
  }

  @Test
  void accountForm_withoutOrWithAWrongToken_isRefusedAndChangesNothing() {
    WebForms.Session omar = WebForms.signIn(web, "omar", PASSWORD);
    WebForms.Session petra = WebForms.signIn(web, "petra", PASSWORD);
    String[] missing = {"namespace", "omar", "name", "forged1", "pull", "on"};
    assertEquals(403, web.post("/account/robots", form(missing), "Content-Type", formType(),
        "Cookie", "arca_session=" + omar.cookie()).status());
    assertEquals(403, web.post("/account/robots", form("token", "arca_madeup", "namespace", "omar", "name", "forged2",
        "pull", "on"), "Content-Type", formType(), "Cookie", "arca_session=" + omar.cookie()).status());
    OciClient.Response crossed = web.post("/account/robots", form("token", petra.formToken(), "namespace", "omar",
        "name", "forged3", "pull", "on"), "Content-Type", formType(), "Cookie", "arca_session=" + omar.cookie());
    assertEquals(403, crossed.status());
    assertTrue(crossed.text().contains("did not come from a page of this session"), crossed.text());
    assertEquals(403, web.post("/account/robots", form("token", omar.formToken(), "namespace", "omar", "name",
        "forged4", "pull", "on"), "Content-Type", formType()).status(), "a form token without its session");
    assertEquals("[]", web.withBasic("omar", PASSWORD).get("/api/v1/namespaces/omar/robots").text());

    OciClient.Response created = web.post("/account/robots", form("token", omar.formToken(), "namespace", "omar",
        "name", "ci", "pull", "on", "push", "on", "description", "<script>alert(1)</script>"), "Content-Type",
        formType(), "Cookie", "arca_session=" + omar.cookie());
    assertEquals(201, created.status(), created.text());
    assertTrue(created.text().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the description stays text");
    assertFalse(created.text().contains("<script>alert(1)"));
    assertEquals("no-store", created.header("Cache-Control").orElseThrow());
    String robots = web.withBasic("omar", PASSWORD).get("/api/v1/namespaces/omar/robots").text();
    assertTrue(robots.contains("\"omar+ci\""), robots);
  }

  @Test
  void signOut_needsTheFormToken_andEndsTheSession() {
    WebForms.Session petra = WebForms.signIn(web, "petra", PASSWORD);
    assertEquals(403, web.post("/signout", form("token", "arca_madeup"), "Content-Type", formType(),
        "Cookie", "arca_session=" + petra.cookie()).status());
    assertEquals(200, web.get("/account", petra.headers()).status(), "a refused sign-out leaves the session");
    OciClient.Response out = web.post("/signout", form("token", petra.formToken()), "Content-Type", formType(),
        "Cookie", "arca_session=" + petra.cookie());
    assertEquals(303, out.status());
    assertTrue(WebForms.setCookie(out, "arca_session").orElseThrow().toLowerCase().contains("max-age=0"));
    OciClient.Response after = web.get("/account", petra.headers());
    assertEquals(303, after.status());
    assertEquals("/signin?next=/account", after.header("Location").orElseThrow());
  }

  @Test
  void session_showsItsOwnPrivateRepository_andNeverAnotherUsers() {
    WebForms.Session sana = WebForms.signIn(web, "sana", PASSWORD);
    OciClient.Response own = web.get("/r/sana/secretwork", sana.headers());
    assertEquals(200, own.status());
    assertTrue(own.text().contains("Signed in as"), "the header names the account");
    WebForms.Session omar = WebForms.signIn(web, "omar", PASSWORD);
    OciClient.Response other = web.get("/r/sana/secretwork", omar.headers());
    assertEquals(404, other.status());
    assertFalse(other.text().contains("1.0"), other.text());
    assertEquals(404, web.get("/r/sana/secretwork").status());
  }

  @Test
  void session_findsItsOwnPrivateImageInSearchAndSuggestions_andAnotherSessionDoesNot() {
    WebForms.Session sana = WebForms.signIn(web, "sana", PASSWORD);
    assertTrue(web.get("/search?q=quokkatool", sana.headers()).text().contains("sana/secretwork"));
    assertTrue(web.get("/search/suggestions?q=quokk", sana.headers()).text().contains("quokkatool"));
    WebForms.Session omar = WebForms.signIn(web, "omar", PASSWORD);
    for (String path : List.of("/search?q=quokkatool", "/search/suggestions?q=quokk", "/search?q=sana",
        "/search?q=*")) {
      String page = web.get(path, omar.headers()).text();
      assertFalse(page.contains("secretwork") || page.contains("quokkatool") && !path.contains("quokkatool"),
          path + " shows sana's private image to omar: " + page);
    }
  }

  @Test
  void sessionCookie_isNotACredentialOnTheJsonOrOciApi() {
    WebForms.Session sana = WebForms.signIn(web, "sana", PASSWORD);
    OciClient.Response me = web.get("/api/v1/me", sana.headers());
    assertFalse(me.text().contains("\"sana\""), me.text());
    assertEquals(401, web.get("/v2/sana/secretwork/tags/list", sana.headers()).status());
  }

  @Test
  void passwordChange_endsTheSessionsBegunBefore() {
    OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"rolf\",\"password\":\"" + PASSWORD + "\"}")
        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);
    WebForms.Session rolf = WebForms.signIn(web, "rolf", PASSWORD);
    OciClient.expect(web.withBasic("rolf", PASSWORD).patch("/api/v1/users/rolf",
        "{\"password\":\"another-password-2\"}".getBytes(StandardCharsets.UTF_8), "Content-Type",
        "application/json"), 200);
    assertEquals(303, web.get("/account", rolf.headers()).status());
  }
}
