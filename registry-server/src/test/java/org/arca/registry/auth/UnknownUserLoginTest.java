package org.arca.registry.auth;

import static org.arca.registry.auth.AccessControlContract.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * User names cannot be told apart by the time a failed login takes (issue 11, item 4): a login for a user that does
 * not exist, or is disabled, runs the same password hash check as a wrong password for one that does. The test counts
 * the checks rather than timing them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownUserLoginTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;
  @Inject
  PasswordHasher hasher;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = AccessControlContract.authProperties(TestDatabases.h2());
    properties.put("test.counting-hasher", "true");
    return properties;
  }

  /** The real hasher, counting its password checks. */
  @Singleton
  @Replaces(PasswordHasher.class)
  @Requires(property = "test.counting-hasher", value = "true")
  static class CountingHasher extends PasswordHasher {
    final AtomicInteger checks = new AtomicInteger();

    CountingHasher(AuthConfiguration config) {
      super(config);
    }

    @Override
    public boolean matches(String password, String hash) {
      checks.incrementAndGet();
      return super.matches(password, hash);
    }
  }

  private int checksDuring(Runnable login) {
    AtomicInteger checks = ((CountingHasher) hasher).checks;
    int before = checks.get();
    login.run();
    return checks.get() - before;
  }

  @Test
  void failedLogin_unknownDisabledOrWrongPassword_runsOnePasswordCheckAndGetsTheSameAnswer() {
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", AccessControlContract.ADMIN_PASSWORD);
    for (String user : new String[] {"known", "gone"}) {
      OciClient.expect(admin.post("/api/v1/users", json("{\"name\":\"" + user + "\",\"password\":\""
          + AccessControlContract.PASSWORD + "\"}"), "Content-Type", "application/json"), 201);
    }
    OciClient.expect(admin.patch("/api/v1/users/gone", json("{\"disabled\":true}"), "Content-Type",
        "application/json"), 200);

    Response[] answers = new Response[3];
    String[] users = {"known", "nobody-of-that-name", "gone"};
    for (int i = 0; i < users.length; i++) {
      int at = i;
      OciClient client = anonymous.withBasic(users[i], "a-wrong-password");
      assertEquals(1, checksDuring(() -> answers[at] = client.get("/v2/")), users[i] + " on /v2/");
      assertEquals(401, answers[i].status(), answers[i]::toString);
      byte[] form = ("grant_type=password&service=arca&username=" + users[i] + "&password=a-wrong-password")
          .getBytes(StandardCharsets.UTF_8);
      assertEquals(1, checksDuring(() -> anonymous.post("/auth/token", form, "Content-Type",
          "application/x-www-form-urlencoded")), users[i] + " at the token endpoint");
    }
    assertEquals(answers[0].text(), answers[1].text());
    assertEquals(answers[0].text(), answers[2].text());
  }
}
