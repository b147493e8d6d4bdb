package org.arca.registry.preservation;

import static org.arca.registry.preservation.PreservationFixtures.body;
import static org.arca.registry.preservation.PreservationFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.arca.core.Digest;
import org.arca.registry.preservation.PreservationFixtures.Image;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may do what with DOIs, with authentication on: only an image's owner requests one, only curators approve,
 * withdraw and list, and a DOI of a repository that went private is as invisible to outsiders as the rest of it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoiAccessTest implements TestPropertyProvider {
  static final String ADMIN_PASSWORD = "admin-password-for-tests";
  static final String PASSWORD = "a-long-enough-password";

  @Inject
  EmbeddedServer server;

  OciClient anonymous;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    return properties;
  }

  @BeforeAll
  void accounts() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    OciClient admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    for (String[] user : new String[][] {{"alice", "researcher"}, {"bob", "researcher"}, {"carol", "curator"}}) {
      OciClient.expect(admin.post("/api/v1/users", body("{\"name\":\"" + user[0] + "\",\"password\":\"" + PASSWORD
          + "\",\"role\":\"" + user[1] + "\"}"), "Content-Type", "application/json"), 201);
    }
  }

  OciClient as(String user) {
    return anonymous.withBasic(user, PASSWORD);
  }

  Response request(OciClient client, String repository, Digest digest) {
    return client.post("/api/v1/dois", body("{\"repository\":\"" + repository + "\",\"digest\":\"" + digest + "\"}"),
        "Content-Type", "application/json");
  }

  @Test
  void onlyTheOwnerRequests_onlyCuratorsApproveAndWithdraw() {
    Image image = PreservationFixtures.pushImage(as("alice"), "alice/pipeline", "1.0", "Pipeline");
    assertEquals(401, request(anonymous, "alice/pipeline", image.digest()).status());
    Response stranger = request(as("bob"), "alice/pipeline", image.digest());
    assertEquals(403, stranger.status(), stranger::toString);
    assertEquals("DENIED", stranger.errorCode());

    Response owned = request(as("alice"), "alice/pipeline", image.digest());
    assertEquals(201, owned.status(), owned::toString);
    String doi = json(owned).get("doi").asText();

    assertEquals(403, as("alice").post("/api/v1/dois/" + doi + "/approve", null).status());
    assertEquals(403, as("bob").get("/api/v1/dois?state=draft").status());
    Response queue = as("carol").get("/api/v1/dois?state=draft");
    assertEquals(200, queue.status(), queue::toString);
    assertTrue(queue.text().contains(doi), queue.text());
    Response approved = as("carol").post("/api/v1/dois/" + doi + "/approve", null);
    assertEquals(200, approved.status(), approved::toString);
    assertEquals("findable", json(approved).get("state").asText());

    assertEquals(403, as("alice").post("/api/v1/dois/" + doi + "/withdraw", body("{\"reason\":\"mine\"}")).status());
    assertEquals(200, anonymous.get("/api/v1/dois/" + doi).status(), "a public DOI is readable by anyone");
    assertEquals(200, anonymous.get("/doi/" + doi).status());
    Response withdrawn = as("carol").post("/api/v1/dois/" + doi + "/withdraw",
        body("{\"reason\":\"Contains patient data by mistake.\"}"));
    assertEquals(200, withdrawn.status(), withdrawn::toString);
    assertEquals("carol", json(withdrawn).get("withdrawal").get("by").asText());
  }

  @Test
  void privateRepository_getsNoDoi_andADoiOfARepositoryMadePrivateIsHiddenFromOutsiders() {
    Image secret = PreservationFixtures.pushImage(as("alice"), "alice/secret", "1.0", "Secret");
    OciClient.expect(as("alice").put("/api/v1/repositories/alice/secret/visibility",
        body("{\"visibility\":\"private\"}"), "Content-Type", "application/json"), 200);
    Response refused = request(as("alice"), "alice/secret", secret.digest());
    assertEquals(403, refused.status(), refused::toString);
    assertTrue(refused.text().contains("private"), refused.text());

    Image published = PreservationFixtures.pushImage(as("alice"), "alice/later", "1.0", "Later private");
    String doi = json(request(as("alice"), "alice/later", published.digest())).get("doi").asText();
    OciClient.expect(as("alice").put("/api/v1/repositories/alice/later/visibility",
        body("{\"visibility\":\"private\"}"), "Content-Type", "application/json"), 200);
    server.getApplicationContext().getBean(org.arca.registry.auth.Permissions.class).invalidate();

    assertEquals(404, anonymous.get("/doi/" + doi).status());
    assertEquals(404, as("bob").get("/api/v1/dois/" + doi).status());
    assertEquals(404, as("bob").get("/cite/alice/later@" + published.digest()).status());
    assertEquals(404, as("bob").get("/api/v1/provenance/alice/later@" + published.digest()).status());
    assertEquals(200, as("alice").get("/doi/" + doi).status());
    assertEquals(200, as("carol").get("/api/v1/dois/" + doi).status());
    Response approve = as("carol").post("/api/v1/dois/" + doi + "/approve", null);
    assertEquals(403, approve.status(), "approval needs the repository public again: " + approve);
  }

  @Test
  void exports_areForCuratorsOnly() {
    assertEquals(401, anonymous.post("/api/v1/exports", body("{\"dois\":true}")).status());
    assertEquals(403, as("alice").post("/api/v1/exports", body("{\"dois\":true}")).status());
  }
}
