package org.arca.registry.auth;

import static org.arca.registry.auth.AccessControlContract.json;
import static org.arca.registry.auth.AccessControlContract.parse;
import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.access.AcceptedCredentials.Credential;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Which credentials each {@code /api/v1} route accepts (issue 11, item 1): every route against a password, a robot
 * token and registry tokens, over real HTTP; the table here is also what the OpenAPI description says per route.
 * Account routes take a password only: a registry token, even for a push scope, must not change a password, make a
 * robot or change visibility. Subclasses run it on each database.
 */
abstract class ApiCredentialsContract {
  static final String ADMIN_PASSWORD = AccessControlContract.ADMIN_PASSWORD;
  static final String PASSWORD = AccessControlContract.PASSWORD;
  private static final Set<Credential> PASSWORD_ONLY = EnumSet.of(Credential.PASSWORD);
  private static final Set<Credential> PASSWORD_OR_ROBOT = EnumSet.of(Credential.PASSWORD, Credential.ROBOT_TOKEN);
  private static final Set<Credential> ANY = EnumSet.allOf(Credential.class);
  private static final Set<Credential> ANY_SIGNED_IN =
      EnumSet.of(Credential.PASSWORD, Credential.ROBOT_TOKEN, Credential.REGISTRY_TOKEN);
  private static final String ZERO_DIGEST = "sha256:" + "0".repeat(64);

  @Inject
  EmbeddedServer server;

  OciClient anonymous;
  OciClient admin;
  OciClient alice;
  OciClient robot;
  Digest image;

  /** One route of the JSON API with a request that reaches it, and the credentials it must accept. */
  record Route(String method, String template, String path, String body, Set<Credential> accepted) {
    String operation() {
      return method + " " + template;
    }
  }

  /** Every /api/v1 operation; {@link #everyOperationOfTheDescription_isInTheMatrix} keeps it complete. */
  List<Route> routes() {
    String robotBody = "{\"name\":\"m" + Long.toHexString(System.nanoTime()) + "\",\"actions\":[\"pull\"]}";
    return List.of(
        new Route("GET", "/api/v1/me", "/api/v1/me", null, ANY),
        new Route("GET", "/api/v1/users", "/api/v1/users", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/users", "/api/v1/users", "{\"name\":\"mallory\",\"password\":\"" + PASSWORD
            + "\"}", PASSWORD_ONLY),
        new Route("GET", "/api/v1/users/{name}", "/api/v1/users/alice", null, PASSWORD_ONLY),
        new Route("PATCH", "/api/v1/users/{name}", "/api/v1/users/alice", "{\"displayName\":\"Alice\"}",
            PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/users/{name}", "/api/v1/users/nobody", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/organizations", "/api/v1/organizations", null, ANY),
        new Route("POST", "/api/v1/organizations", "/api/v1/organizations", "{\"name\":\"o"
            + Long.toHexString(System.nanoTime()) + "\"}", PASSWORD_ONLY),
        new Route("GET", "/api/v1/organizations/{name}/members", "/api/v1/organizations/alicelab/members", null,
            PASSWORD_ONLY),
        new Route("PUT", "/api/v1/organizations/{name}/members/{user}", "/api/v1/organizations/alicelab/members/bob",
            "{\"role\":\"reader\"}", PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/organizations/{name}/members/{user}",
            "/api/v1/organizations/alicelab/members/nobody", null, PASSWORD_ONLY),
        new Route("PUT", "/api/v1/namespaces/{name}/visibility", "/api/v1/namespaces/alice/visibility",
            "{\"visibility\":\"public\"}", PASSWORD_ONLY),
        new Route("GET", "/api/v1/namespaces/{name}/robots", "/api/v1/namespaces/alice/robots", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/namespaces/{name}/robots", "/api/v1/namespaces/alice/robots", robotBody,
            PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/namespaces/{name}/robots/{robot}", "/api/v1/namespaces/alice/robots/nobody",
            null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/keys/rotate", "/api/v1/keys/rotate", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/repositories/{name}/settings", "/api/v1/repositories/alice/private/settings", null,
            PASSWORD_ONLY),
        new Route("PUT", "/api/v1/repositories/{name}/visibility", "/api/v1/repositories/alice/private/visibility",
            "{\"visibility\":\"private\"}", PASSWORD_ONLY),
        new Route("PUT", "/api/v1/repositories/{name}/grants/{user}", "/api/v1/repositories/alice/private/grants/bob",
            "{\"actions\":[\"pull\"]}", PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/repositories/{name}/grants/{user}",
            "/api/v1/repositories/alice/private/grants/bob", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/audit", "/api/v1/audit", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/dois", "/api/v1/dois", "{\"repository\":\"alice/private\",\"digest\":\""
            + ZERO_DIGEST + "\"}", PASSWORD_OR_ROBOT),
        new Route("GET", "/api/v1/dois", "/api/v1/dois", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/dois/{prefix}/{suffix}", "/api/v1/dois/10.5072/none", null, ANY),
        new Route("POST", "/api/v1/dois/{prefix}/{suffix}/approve", "/api/v1/dois/10.5072/none/approve", null,
            PASSWORD_ONLY),
        new Route("POST", "/api/v1/dois/{prefix}/{suffix}/withdraw", "/api/v1/dois/10.5072/none/withdraw",
            "{\"reason\":\"test\"}", PASSWORD_ONLY),
        new Route("PUT", "/api/v1/dois/{prefix}/{suffix}/metadata", "/api/v1/dois/10.5072/none/metadata", "{}",
            PASSWORD_OR_ROBOT),
        new Route("POST", "/api/v1/exports", "/api/v1/exports", "{\"repository\":\"alice/private\"}",
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/exports/{id}", "/api/v1/exports/none", null, PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/exports/{id}", "/api/v1/exports/none", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/exports/{id}/bag.tar", "/api/v1/exports/none/bag.tar", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/provenance/{path}", "/api/v1/provenance/alice/private@" + image, null, ANY),
        new Route("GET", "/api/v1/images/{path}", "/api/v1/images/alice/private@" + image, null, ANY),
        new Route("GET", "/api/v1/repositories/{name}/tags", "/api/v1/repositories/alice/private/tags", null, ANY),
        new Route("GET", "/api/v1/search", "/api/v1/search?q=anything", null, ANY),
        new Route("GET", "/api/v1/search/suggest", "/api/v1/search/suggest?prefix=a", null, ANY),
        new Route("GET", "/api/v1/search/status", "/api/v1/search/status", null, ANY),
        new Route("POST", "/api/v1/search/rebuild", "/api/v1/search/rebuild", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/sif/conversions", "/api/v1/sif/conversions?repository=alice/private", null, ANY),
        new Route("POST", "/api/v1/sif/conversions", "/api/v1/sif/conversions",
            "{\"repository\":\"alice/private\",\"reference\":\"none\"}", PASSWORD_OR_ROBOT),
        new Route("POST", "/api/v1/fsck", "/api/v1/fsck", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/fixity/scrub", "/api/v1/fixity/scrub", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/fixity/quarantine", "/api/v1/fixity/quarantine", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/fixity/repair", "/api/v1/fixity/repair", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/fixity/dois", "/api/v1/fixity/dois", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/fixity/quarantine/{digest}/release",
            "/api/v1/fixity/quarantine/" + ZERO_DIGEST + "/release", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/fixity/images/{path}", "/api/v1/fixity/images/alice/private@" + image, null,
            ANY_SIGNED_IN),
        new Route("GET", "/api/v1/retention/policies", "/api/v1/retention/policies", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/retention/policies", "/api/v1/retention/policies", "{}", PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/retention/policies/{id}", "/api/v1/retention/policies/0", null,
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/retention/holds", "/api/v1/retention/holds", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/retention/holds", "/api/v1/retention/holds", "{}", PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/retention/holds/{id}", "/api/v1/retention/holds/0", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/retention/plans", "/api/v1/retention/plans", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/retention/plans", "/api/v1/retention/plans", "{}", PASSWORD_ONLY),
        new Route("GET", "/api/v1/retention/plans/{id}", "/api/v1/retention/plans/0", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/retention/plans/{id}/approve", "/api/v1/retention/plans/0/approve", null,
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/retention/restorable", "/api/v1/retention/restorable", null, PASSWORD_ONLY),
        new Route("POST", "/api/v1/retention/restorable/{id}", "/api/v1/retention/restorable/0", null,
            PASSWORD_ONLY),
        new Route("POST", "/api/v1/gc/runs", "/api/v1/gc/runs?dryRun=true", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/gc/runs", "/api/v1/gc/runs", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/gc/runs/{id}", "/api/v1/gc/runs/0", null, PASSWORD_ONLY),
        new Route("GET", "/api/v1/namespaces/{name}/quota", "/api/v1/namespaces/alice/quota", null, PASSWORD_ONLY),
        new Route("PUT", "/api/v1/namespaces/{name}/quota", "/api/v1/namespaces/alice/quota", "{}", PASSWORD_ONLY),
        new Route("DELETE", "/api/v1/namespaces/{name}/quota", "/api/v1/namespaces/nobody/quota", null,
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/retention/pulls", "/api/v1/retention/pulls?repository=alice/private", null,
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/namespaces/{name}/vetting-policy", "/api/v1/namespaces/alice/vetting-policy", null,
            PASSWORD_ONLY),
        new Route("PUT", "/api/v1/namespaces/{name}/vetting-policy", "/api/v1/namespaces/alice/vetting-policy", "{}",
            PASSWORD_ONLY),
        new Route("POST", "/api/v1/repositories/{name}/manifests/{digest}/vetting",
            "/api/v1/repositories/alice/private/manifests/" + image + "/vetting", "{}", PASSWORD_ONLY),
        new Route("POST", "/api/v1/repositories/{name}/manifests/{digest}/vetting/revoke",
            "/api/v1/repositories/alice/private/manifests/" + image + "/vetting/revoke", "{\"reason\":\"test\"}",
            PASSWORD_ONLY),
        new Route("GET", "/api/v1/repositories/{name}/manifests/{digest}/vetting",
            "/api/v1/repositories/alice/private/manifests/" + image + "/vetting", null, ANY),
        new Route("GET", "/api/v1/vetting/public-key", "/api/v1/vetting/public-key", null, ANY),
        new Route("GET", "/api/v1/bases", "/api/v1/bases", null, ANY),
        new Route("POST", "/api/v1/bases", "/api/v1/bases", "{}", PASSWORD_ONLY),
        new Route("GET", "/api/v1/blocks", "/api/v1/blocks", null, ANY),
        new Route("GET", "/api/v1/blocks/{alias}", "/api/v1/blocks/none", null, ANY),
        new Route("POST", "/api/v1/blocks", "/api/v1/blocks", "{}", PASSWORD_ONLY),
        new Route("POST", "/api/v1/compositions", "/api/v1/compositions", "{}", PASSWORD_OR_ROBOT),
        new Route("GET", "/api/v1/compositions/{path}", "/api/v1/compositions/alice/private@" + image, null, ANY));
  }

  @BeforeAll
  void accounts() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    for (String user : List.of("alice", "bob")) {
      OciClient.expect(admin.post("/api/v1/users", json("{\"name\":\"" + user + "\",\"password\":\"" + PASSWORD
          + "\"}"), "Content-Type", "application/json"), 201);
    }
    alice = anonymous.withBasic("alice", PASSWORD);
    image = push(alice, "alice/private");
    push(alice, "alice/other");
    for (String repository : List.of("alice/private", "alice/other")) {
      OciClient.expect(alice.put("/api/v1/repositories/" + repository + "/visibility",
          json("{\"visibility\":\"private\"}"), "Content-Type", "application/json"), 200);
    }
    OciClient.expect(alice.post("/api/v1/organizations", json("{\"name\":\"alicelab\"}"), "Content-Type",
        "application/json"), 201);
    Response created = alice.post("/api/v1/namespaces/alice/robots",
        json("{\"name\":\"ci\",\"actions\":[\"pull\",\"push\"]}"), "Content-Type", "application/json");
    OciClient.expect(created, 201);
    robot = anonymous.withBasic("alice+ci", parse(created).get("token").asText());
  }

  Digest push(OciClient client, String repository) {
    byte[] layer = randomBytes(512);
    byte[] cfg = config("amd64");
    client.pushBlob(repository, layer);
    client.pushBlob(repository, cfg);
    return client.pushManifest(repository, "v1", manifest(descriptor(MediaTypes.OCI_CONFIG, cfg),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer))), MediaTypes.OCI_MANIFEST);
  }

  /** A registry token from the token endpoint, for {@code client}'s Basic credentials and the given scopes. */
  String token(OciClient client, String... scopes) {
    StringBuilder query = new StringBuilder("/auth/token?service=arca");
    for (String scope : scopes) {
      query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    Response response = client.get(query.toString());
    OciClient.expect(response, 200);
    return parse(response).get("token").asText();
  }

  static Response call(OciClient client, Route route) {
    return client.send(route.method(), route.path(), route.body() == null ? null : json(route.body()),
        "Content-Type", "application/json");
  }

  /** Whether the answer is the filter's refusal of the credential, rather than anything the route itself said. */
  static boolean refusedForCredential(Response response) {
    return response.status() == 403 && "DENIED".equals(response.errorCode())
        && response.text().contains("this request needs a user's password");
  }

  @Test
  void everyRoute_acceptsExactlyItsCredentials() {
    Map<Credential, List<OciClient>> callers = new LinkedHashMap<>();
    callers.put(Credential.PASSWORD, List.of(alice));
    callers.put(Credential.ROBOT_TOKEN, List.of(robot));
    callers.put(Credential.REGISTRY_TOKEN, List.of(
        anonymous.withBearer(token(alice)),
        anonymous.withBearer(token(alice, "repository:alice/private:pull,push,delete")),
        anonymous.withBearer(token(admin, "repository:alice/private:pull"))));
    List<String> wrong = new ArrayList<>();
    for (Route route : routes()) {
      Response anonymousAnswer = call(anonymous, route);
      if (refusedForCredential(anonymousAnswer) || anonymousAnswer.status() >= 500) {
        wrong.add("anonymous " + route.operation() + ": " + anonymousAnswer);
      }
      callers.forEach((credential, clients) -> {
        for (OciClient client : clients) {
          Response answer = call(client, route);
          boolean refused = refusedForCredential(answer);
          if (answer.status() >= 500 || refused == route.accepted().contains(credential)) {
            wrong.add(credential + " " + route.operation() + ": " + answer);
          }
        }
      });
    }
    assertTrue(wrong.isEmpty(), "answers that do not match the table:\n" + String.join("\n", wrong));
  }

  @Test
  void registryToken_cannotTakeOverTheAccount() {
    String pullToken = token(alice, "repository:alice/private:pull");
    for (String token : List.of(pullToken, token(alice))) {
      OciClient withToken = anonymous.withBearer(token);
      assertEquals(403, withToken.patch("/api/v1/users/alice", json("{\"password\":\"taken-over-password\"}"),
          "Content-Type", "application/json").status());
      assertEquals(403, withToken.post("/api/v1/namespaces/alice/robots",
          json("{\"name\":\"backdoor\",\"actions\":[\"pull\",\"push\",\"delete\"]}"), "Content-Type",
          "application/json").status());
      assertEquals(403, withToken.put("/api/v1/repositories/alice/private/visibility",
          json("{\"visibility\":\"public\"}"), "Content-Type", "application/json").status());
      assertEquals(403, withToken.patch("/api/v1/users/alice", json("{\"email\":\"mallory@example.org\"}"),
          "Content-Type", "application/json").status());
      // nor trade itself at the token endpoint for a token of the whole account
      assertEquals(401, withToken.get("/auth/token?service=arca&scope=repository:alice/private:push").status());
    }
    assertEquals(401, anonymous.withBasic("alice", "taken-over-password").get("/v2/").status());
    assertEquals(200, alice.get("/v2/").status(), "the password is unchanged");
    assertFalse(alice.get("/api/v1/namespaces/alice/robots").text().contains("backdoor"));
    assertEquals(401, anonymous.get("/v2/alice/private/manifests/v1").status(), "still private");
    assertFalse(alice.get("/api/v1/users/alice").text().contains("mallory@example.org"), "the e-mail is unchanged");
    assertEquals(403, anonymous.withBearer(pullToken).post("/v2/alice/private/blobs/uploads/", null).status());
  }

  @Test
  void registryToken_readsRepositoryContentOnlyWithinItsScope() {
    Digest other = Digest.parse(alice.head("/v2/alice/other/manifests/v1",
        "Accept", MediaTypes.OCI_MANIFEST).header("Docker-Content-Digest").orElseThrow());
    OciClient scoped = anonymous.withBearer(token(alice, "repository:alice/private:pull"));
    assertEquals(200, alice.get("/api/v1/provenance/alice/other@" + other).status());
    assertEquals(200, scoped.get("/api/v1/provenance/alice/private@" + image).status());
    assertEquals(404, scoped.get("/api/v1/provenance/alice/other@" + other).status(), "outside the token's scope");
    assertEquals(200, scoped.get("/api/v1/sif/conversions?repository=alice/private").status());
    assertEquals(403, scoped.get("/api/v1/sif/conversions?repository=alice/other").status());
  }

  @Test
  void adminToken_isNoAdminOnTheJsonApi() {
    OciClient adminToken = anonymous.withBearer(token(admin, "repository:alice/private:pull"));
    assertEquals(403, adminToken.get("/api/v1/users").status());
    assertEquals(403, adminToken.get("/api/v1/dois").status());
    assertEquals(403, adminToken.get("/api/v1/sif/conversions").status(), "listing every conversion is for curators");
    assertEquals(200, adminToken.get("/v2/alice/private/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST)
        .status(), "its scope still works on /v2/");
    assertEquals("admin", parse(adminToken.get("/api/v1/me")).get("name").asText());
    assertEquals(200, admin.get("/api/v1/users").status());
  }

  @Test
  void everyOperationOfTheDescription_isInTheMatrix_withTheCredentialsItSays() throws IOException {
    Map<String, Object> description;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/swagger/arca.yml")) {
      assertNotNull(in, "the OpenAPI description was not generated");
      description = new Yaml().load(in);
    }
    Map<String, Set<Credential>> documented = new LinkedHashMap<>();
    Set<Credential> fallback = credentials(description.get("security"));
    ((Map<?, ?>) description.get("paths")).forEach((path, operations) -> {
      if (!path.toString().startsWith("/api/v1")) {
        return;
      }
      ((Map<?, ?>) operations).forEach((method, operation) -> {
        Object security = ((Map<?, ?>) operation).get("security");
        documented.put(method.toString().toUpperCase(Locale.ROOT) + " " + path,
            security == null ? fallback : credentials(security));
      });
    });
    Map<String, Set<Credential>> tested = new LinkedHashMap<>();
    routes().forEach(route -> tested.put(route.operation(), route.accepted()));
    assertEquals(new TreeSet<>(documented.keySet()), new TreeSet<>(tested.keySet()));
    assertEquals(documented, tested);
  }

  private static Set<Credential> credentials(Object security) {
    Set<Credential> credentials = EnumSet.noneOf(Credential.class);
    for (Object requirement : (List<?>) security) {
      for (Object scheme : ((Map<?, ?>) requirement).keySet()) {
        credentials.add(switch (scheme.toString()) {
          case "basic" -> Credential.PASSWORD;
          case "robot" -> Credential.ROBOT_TOKEN;
          case "bearer" -> Credential.REGISTRY_TOKEN;
          default -> throw new AssertionError("unknown security scheme " + scheme);
        });
      }
    }
    return credentials;
  }
}
