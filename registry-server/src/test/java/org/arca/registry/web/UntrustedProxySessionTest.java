package org.arca.registry.web;

import static org.arca.registry.web.WebForms.form;
import static org.arca.registry.web.WebForms.formType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.arca.registry.testing.OciClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Without {@code arca.web.session.trusted-proxies}, an {@code X-Forwarded-Proto: https} header proves nothing: anyone
 * can send it, so the cookies stay as plain HTTP makes them (the trusted case is in {@link SignInSessionContract}).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UntrustedProxySessionTest implements TestPropertyProvider {
  private static final String PASSWORD = "untrusted-proxy-password";

  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    return WebForms.serverProperties();
  }

  @Test
  void forwardedProtoFromAnUntrustedAddress_doesNotChangeTheCookies() {
    OciClient web = new OciClient(URI.create(server.getURL().toString()));
    OciClient.expect(web.withBasic("admin", WebForms.ADMIN_PASSWORD).post("/api/v1/users", ("{\"name\":\"uma\","
        + "\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type",
        "application/json"), 201);
    OciClient.Response form = web.get("/signin", "X-Forwarded-Proto", "https");
    assertFalse(WebForms.setCookie(form, "arca_signin").orElseThrow().toLowerCase().contains("secure"));
    OciClient.Response signedIn = web.post("/signin", form("user", "uma", "password", PASSWORD, "token",
        WebForms.token(form.text())), "Content-Type", formType(),
        "Cookie", "arca_signin=" + WebForms.cookie(form, "arca_signin").orElseThrow(), "X-Forwarded-Proto", "https");
    assertEquals(303, signedIn.status(), signedIn.text());
    String cookie = WebForms.setCookie(signedIn, "arca_session").orElseThrow().toLowerCase();
    assertFalse(cookie.contains("secure"), cookie);
  }
}
