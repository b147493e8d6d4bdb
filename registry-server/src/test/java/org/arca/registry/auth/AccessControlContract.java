package org.arca.registry.auth;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication and authorization over real HTTP: the Docker token flow, roles, organizations, robots, private
 * repositories, throttling and the audit log. Subclasses run it on each database.
 */
abstract class AccessControlContract {
  static final String ADMIN_PASSWORD = "admin-password-for-tests";
  static final String PASSWORD = "a-long-enough-password";

  @Inject
  EmbeddedServer server;
  @Inject
  SigningKeys keys;

  OciClient anonymous;
  OciClient admin;

  /** Properties every access test server shares: authentication on, a known admin password, cheap bcrypt. */
  static Map<String, String> authProperties(Map<String, String> base) {
    Map<String, String> properties = new java.util.HashMap<>(base);
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", ADMIN_PASSWORD);
    properties.put("arca.auth.bcrypt-cost", "4");
    properties.put("arca.auth.max-failed-logins", "5");
    return properties;
  }

  @BeforeAll
  void accounts() {
    anonymous = new OciClient(URI.create(server.getURL().toString()));
    admin = anonymous.withBasic("admin", ADMIN_PASSWORD);
    for (String[] user : new String[][] {{"alice", "researcher"}, {"bob", "researcher"}, {"carol", "curator"},
        {"dave", "researcher"}, {"erin", "researcher"}}) {
      OciClient.expect(admin.post("/api/v1/users", json("{\"name\":\"" + user[0] + "\",\"password\":\"" + PASSWORD
          + "\",\"role\":\"" + user[1] + "\",\"email\":\"" + user[0] + "@example.org\"}"),
          "Content-Type", "application/json"), 201);
    }
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static JsonNode parse(Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  OciClient as(String user) {
    return anonymous.withBasic(user, PASSWORD);
  }

  /** A token from the token endpoint for {@code user} (null: anonymous) and the given scopes. */
  String token(String user, String... scopes) {
    StringBuilder query = new StringBuilder("/auth/token?service=arca");
    for (String scope : scopes) {
      query.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    OciClient client = user == null ? anonymous : as(user);
    Response response = client.get(query.toString());
    OciClient.expect(response, 200);
    JsonNode body = parse(response);
    assertEquals(body.get("token").asText(), body.get("access_token").asText());
    assertTrue(body.get("expires_in").asInt() > 0);
    return body.get("token").asText();
  }

  /** Pushes a one-layer image with {@code client}; returns its manifest digest, or fails with the answer. */
  Digest pushImage(OciClient client, String repository, String tag) {
    byte[] layer = randomBytes(1024);
    byte[] cfg = config("amd64");
    client.pushBlob(repository, layer);
    client.pushBlob(repository, cfg);
    return client.pushManifest(repository, tag, manifest(descriptor(MediaTypes.OCI_CONFIG, cfg),
        List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer))), MediaTypes.OCI_MANIFEST);
  }

  @Test
  void anonymousV2Root_isChallengedWithTheTokenRealm() {
    Response response = anonymous.get("/v2/");
    assertEquals(401, response.status());
    assertEquals("UNAUTHORIZED", response.errorCode());
    String challenge = response.header("WWW-Authenticate").orElseThrow();
    assertTrue(challenge.startsWith("Bearer realm=\"http://"), challenge);
    assertTrue(challenge.contains("/auth/token\",service=\"arca\""), challenge);
    assertEquals(200, anonymous.withBearer(token(null)).get("/v2/").status());
  }

  @Test
  void tokenEndpoint_grantsOnlyWhatTheCallerMayDo() {
    pushImage(as("alice"), "alice/tools", "v1");
    String token = token("alice", "repository:alice/tools:pull,push", "repository:bob/tools:pull,push");
    JWTClaimsSet claims = keys.verify(token).orElseThrow();
    List<?> access = (List<?>) claims.getClaim("access");
    assertEquals(List.of(Map.of("type", "repository", "name", "alice/tools", "actions", List.of("pull", "push")),
        Map.of("type", "repository", "name", "bob/tools", "actions", List.of())), access);
    String anonymousToken = token(null, "repository:alice/tools:pull,push");
    assertEquals(List.of(Map.of("type", "repository", "name", "alice/tools", "actions", List.of("pull"))),
        keys.verify(anonymousToken).orElseThrow().getClaim("access"));
  }

  @Test
  void tokenForRepositoryA_isRefusedOnRepositoryB() {
    pushImage(as("alice"), "alice/a", "v1");
    pushImage(as("alice"), "alice/b", "v1");
    OciClient withToken = anonymous.withBearer(token("alice", "repository:alice/a:pull,push"));
    assertEquals(200, withToken.get("/v2/alice/a/manifests/v1").status());
    Response other = withToken.get("/v2/alice/b/manifests/v1");
    assertEquals(403, other.status());
    assertEquals("DENIED", other.errorCode());
    assertTrue(other.header("WWW-Authenticate").orElseThrow().contains("scope=\"repository:alice/b:pull\""));
  }

  @Test
  void pullToken_cannotPush() {
    pushImage(as("alice"), "alice/pullonly", "v1");
    OciClient withToken = anonymous.withBearer(token("alice", "repository:alice/pullonly:pull"));
    assertEquals(200, withToken.get("/v2/alice/pullonly/tags/list").status());
    Response upload = withToken.post("/v2/alice/pullonly/blobs/uploads/", null);
    assertEquals(403, upload.status());
    assertEquals("DENIED", upload.errorCode());
    Response delete = withToken.delete("/v2/alice/pullonly/manifests/v1");
    assertEquals(403, delete.status());
  }

  @Test
  void expiredToken_isRefused() {
    Instant past = Instant.now().minusSeconds(3600);
    String token = keys.sign(claims("alice", "alice/tools", past.minusSeconds(300), past).build());
    Response response = anonymous.withBearer(token).get("/v2/alice/tools/tags/list");
    assertEquals(401, response.status());
    assertEquals("UNAUTHORIZED", response.errorCode());
  }

  @Test
  void tokenSignedWithAnotherKey_isRefused() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(keys.currentKeyId()).generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.currentKeyId()).build(),
        claims("alice", "alice/tools", Instant.now(), Instant.now().plusSeconds(300)).build());
    jwt.sign(new ECDSASigner(stranger));
    assertEquals(401, anonymous.withBearer(jwt.serialize()).get("/v2/alice/tools/tags/list").status());
  }

  @Test
  void unsignedAndHmacTokens_areRefused() throws Exception {
    JWTClaimsSet set = claims("alice", "alice/tools", Instant.now(), Instant.now().plusSeconds(300)).build();
    String none = new PlainJWT(set).serialize();
    assertEquals(401, anonymous.withBearer(none).get("/v2/alice/tools/tags/list").status());
    SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.currentKeyId()).build(), set);
    hmac.sign(new MACSigner(new byte[32]));
    assertEquals(401, anonymous.withBearer(hmac.serialize()).get("/v2/alice/tools/tags/list").status());
  }

  private static JWTClaimsSet.Builder claims(String user, String repository, Instant issued, Instant expires) {
    return new JWTClaimsSet.Builder().issuer("arca").audience("arca").subject(user)
        .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued)).expirationTime(Date.from(expires))
        .claim("arca_type", "access").claim("arca_kind", "USER")
        .claim("access", List.of(Map.of("type", "repository", "name", repository,
            "actions", List.of("pull", "push"))));
  }

  @Test
  void privateRepository_looksExactlyLikeOneThatDoesNotExist() {
    OciClient alice = as("alice");
    Digest image = pushImage(alice, "alice/secret", "v1");
    OciClient.expect(alice.put("/api/v1/repositories/alice/secret/visibility", json("{\"visibility\":\"private\"}"),
        "Content-Type", "application/json"), 200);
    byte[] layer = randomBytes(1024);
    Digest layerDigest = alice.pushBlob("alice/secret", layer);
    byte[] empty = MediaTypes.EMPTY_JSON.getBytes(StandardCharsets.UTF_8);
    alice.pushBlob("alice/secret", empty);
    byte[] referrer = TestImages.manifest(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_EMPTY,
        MediaTypes.EMPTY_JSON_DIGEST, 2), List.of(descriptor("application/vnd.example", layer)),
        new Descriptor(MediaTypes.OCI_MANIFEST, image, 100), "application/vnd.example", null);
    alice.pushManifest("alice/secret", Digest.sha256(referrer).toString(), referrer, MediaTypes.OCI_MANIFEST);

    List<String> paths = List.of("/tags/list", "/manifests/v1", "/manifests/" + image, "/blobs/" + layerDigest,
        "/referrers/" + image);
    for (OciClient outsider : List.of(anonymous, as("bob"))) {
      int expected = outsider == anonymous ? 401 : 403;
      for (String path : paths) {
        Response secret = outsider.get("/v2/alice/secret" + path);
        Response missing = outsider.get("/v2/alice/nothing" + path);
        assertEquals(expected, secret.status(), "GET " + path + " " + secret);
        assertEquals(missing.status(), secret.status(), path);
        assertEquals(missing.errorCode(), secret.errorCode(), path);
        assertEquals(expected, outsider.head("/v2/alice/secret" + path).status(), "HEAD " + path);
      }
      String catalog = outsider.get("/v2/_catalog?n=1000").text();
      assertFalse(catalog.contains("alice/secret"), catalog);
    }
    for (String reader : List.of("alice", "carol")) {
      assertEquals(200, as(reader).get("/v2/alice/secret/manifests/v1").status(), reader);
      assertEquals(200, as(reader).get("/v2/alice/secret/blobs/" + layerDigest).status(), reader);
      assertTrue(as(reader).get("/v2/_catalog?n=1000").text().contains("alice/secret"), reader);
    }
    assertEquals(200, admin.get("/v2/alice/secret/referrers/" + image).status());
  }

  @Test
  void mountFromAPrivateRepository_isNotAvailableToOutsiders() {
    OciClient alice = as("alice");
    pushImage(alice, "alice/hidden", "v1");
    OciClient.expect(alice.put("/api/v1/repositories/alice/hidden/visibility", json("{\"visibility\":\"private\"}"),
        "Content-Type", "application/json"), 200);
    Digest blob = alice.pushBlob("alice/hidden", randomBytes(77));
    Response mount = as("bob").post("/v2/bob/copy/blobs/uploads/?mount=" + blob + "&from=alice/hidden", null);
    assertEquals(202, mount.status(), "falls back to an upload session instead of copying");
    assertEquals(404, as("bob").head("/v2/bob/copy/blobs/" + blob).status());
  }

  @Test
  void anonymousPush_isChallengedAndPushToAnotherNamespaceIsDenied() {
    Response anonymousPush = anonymous.post("/v2/alice/tools/blobs/uploads/", null);
    assertEquals(401, anonymousPush.status());
    assertTrue(anonymousPush.header("WWW-Authenticate").orElseThrow()
        .contains("scope=\"repository:alice/tools:pull,push\""));
    Response intoAlice = as("bob").post("/v2/alice/tools/blobs/uploads/", null);
    assertEquals(403, intoAlice.status());
    assertEquals("DENIED", intoAlice.errorCode());
  }

  @Test
  void failedLogins_areThrottledWith429() {
    OciClient wrong = anonymous.withBasic("dave", "not-the-password");
    for (int i = 0; i < 5; i++) {
      assertEquals(401, wrong.get("/auth/token?service=arca").status());
    }
    Response throttled = as("dave").get("/auth/token?service=arca");
    assertEquals(429, throttled.status());
    assertEquals("TOOMANYREQUESTS", throttled.errorCode());
    assertTrue(throttled.header("Retry-After").isPresent());
  }

  @Test
  void oauth2Form_passwordAndRefreshGrantsIssueTokens_andAPasswordChangeEndsRefreshTokens() {
    byte[] form = ("grant_type=password&username=erin&password=" + PASSWORD + "&service=arca&client_id=docker"
        + "&access_type=offline&scope=repository:erin/app:pull,push").getBytes(StandardCharsets.UTF_8);
    Response login = anonymous.post("/auth/token", form, "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(200, login.status(), login::toString);
    String refresh = parse(login).get("refresh_token").asText();
    pushImage(anonymous.withBearer(parse(login).get("access_token").asText()), "erin/app", "v1");

    byte[] refreshForm = ("grant_type=refresh_token&refresh_token=" + refresh + "&service=arca&client_id=docker"
        + "&scope=repository:erin/app:pull").getBytes(StandardCharsets.UTF_8);
    Response refreshed = anonymous.post("/auth/token", refreshForm, "Content-Type", "application/x-www-form-urlencoded");
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertEquals(200, anonymous.withBearer(parse(refreshed).get("access_token").asText())
        .get("/v2/erin/app/manifests/v1").status());

    OciClient.expect(as("erin").send("PATCH", "/api/v1/users/erin", json("{\"password\":\"" + PASSWORD + "-new\"}"),
        "Content-Type", "application/json"), 200);
    assertEquals(401, anonymous.post("/auth/token", refreshForm, "Content-Type", "application/x-www-form-urlencoded")
        .status());
    OciClient.expect(anonymous.withBasic("erin", PASSWORD + "-new").send("PATCH", "/api/v1/users/erin",
        json("{\"password\":\"" + PASSWORD + "\"}"), "Content-Type", "application/json"), 200);
  }

  @Test
  void basicCredentialsOnV2_workForSimpleClients() {
    assertEquals(200, as("alice").get("/v2/").status());
    pushImage(as("alice"), "alice/basic", "v1");
    assertEquals(401, anonymous.withBasic("alice", "wrong-password").get("/v2/").status());
  }

  @Test
  void robot_actsOnlyWithinItsScope_andNotAfterRevocation() {
    Response created = as("alice").post("/api/v1/namespaces/alice/robots",
        json("{\"name\":\"ci\",\"actions\":[\"pull\",\"push\"],\"description\":\"GitHub Actions\"}"),
        "Content-Type", "application/json");
    assertEquals(201, created.status(), created::toString);
    String robotToken = parse(created).get("token").asText();
    OciClient robot = anonymous.withBasic("alice+ci", robotToken);
    pushImage(robot, "alice/built-by-ci", "v1");
    assertEquals(403, robot.post("/v2/bob/x/blobs/uploads/", null).status());
    assertEquals(403, robot.delete("/v2/alice/built-by-ci/manifests/v1").status());
    assertTrue(as("alice").get("/api/v1/namespaces/alice/robots").text().contains("alice+ci"));
    assertFalse(as("alice").get("/api/v1/namespaces/alice/robots").text().contains(robotToken));
    assertEquals(403, as("bob").post("/api/v1/namespaces/alice/robots",
        json("{\"name\":\"evil\",\"actions\":[\"push\"]}"), "Content-Type", "application/json").status());

    OciClient.expect(as("alice").delete("/api/v1/namespaces/alice/robots/ci"), 204);
    assertEquals(401, robot.get("/v2/alice/built-by-ci/manifests/v1").status());
  }

  @Test
  void quota_isReadByTheNamespacesMembersCuratorsAndAdmins_andSetOnlyByAdmins() {
    OciClient.expect(as("alice").post("/api/v1/organizations", json("{\"name\":\"quotalab\"}"),
        "Content-Type", "application/json"), 201);
    OciClient.expect(as("alice").put("/api/v1/organizations/quotalab/members/dave", json("{\"role\":\"reader\"}"),
        "Content-Type", "application/json"), 200);
    OciClient.expect(admin.put("/api/v1/namespaces/quotalab/quota", json("{\"warningBytes\":1000,"
        + "\"rejectBytes\":2000}"), "Content-Type", "application/json"), 200);

    for (String reader : List.of("alice", "dave", "carol")) {
      Response read = as(reader).get("/api/v1/namespaces/quotalab/quota");
      assertEquals(200, read.status(), reader + ": " + read);
      assertEquals(2000, parse(read).get("rejectBytes").asLong(), read::toString);
    }
    assertEquals(200, as("alice").get("/api/v1/namespaces/alice/quota").status(), "a user's own namespace");
    Response outsider = as("bob").get("/api/v1/namespaces/quotalab/quota");
    assertEquals(403, outsider.status(), outsider::toString);
    assertTrue(outsider.text().contains("shown to its members, curators and admins"), outsider.text());
    assertEquals(403, as("erin").get("/api/v1/namespaces/alice/quota").status());
    assertEquals(401, anonymous.get("/api/v1/namespaces/quotalab/quota").status());
    assertEquals(403, as("alice").put("/api/v1/namespaces/quotalab/quota", json("{\"rejectBytes\":null}"),
        "Content-Type", "application/json").status(), "an owner reads its quota but does not set it");
    assertEquals(403, as("carol").delete("/api/v1/namespaces/quotalab/quota").status());
  }

  @Test
  void organization_writersPushReadersPullOutsidersNeither() {
    OciClient.expect(as("alice").post("/api/v1/organizations", json("{\"name\":\"lab\",\"defaultVisibility\":"
        + "\"private\"}"), "Content-Type", "application/json"), 201);
    OciClient.expect(as("alice").put("/api/v1/organizations/lab/members/bob", json("{\"role\":\"writer\"}"),
        "Content-Type", "application/json"), 200);
    OciClient.expect(as("alice").put("/api/v1/organizations/lab/members/dave", json("{\"role\":\"reader\"}"),
        "Content-Type", "application/json"), 200);
    pushImage(as("bob"), "lab/pipeline", "v1");
    assertEquals(200, as("dave").get("/v2/lab/pipeline/manifests/v1").status());
    assertEquals(403, as("dave").post("/v2/lab/pipeline/blobs/uploads/", null).status());
    assertEquals(403, as("erin").get("/v2/lab/pipeline/manifests/v1").status());
    assertEquals(401, anonymous.get("/v2/lab/pipeline/manifests/v1").status(), "the namespace defaults to private");
    assertEquals(403, as("bob").put("/api/v1/organizations/lab/members/erin", json("{\"role\":\"owner\"}"),
        "Content-Type", "application/json").status(), "only owners manage members");
    JsonNode me = parse(as("bob").get("/api/v1/me"));
    assertEquals("writer", me.get("organizations").get("lab").asText());
  }

  @Test
  void me_showsTheUsersOwnProfile() {
    OciClient.expect(admin.post("/api/v1/users", json("{\"name\":\"frank\",\"password\":\"" + PASSWORD
        + "\",\"email\":\"frank@example.org\",\"orcid\":\"https://orcid.org/0000-0002-1825-0097\","
        + "\"displayName\":\"Frank Doe\"}"), "Content-Type", "application/json"), 201);
    JsonNode me = parse(as("frank").get("/api/v1/me"));
    assertEquals("frank@example.org", me.path("email").asText(), me.toString());
    assertEquals("0000-0002-1825-0097", me.path("orcid").asText(), me.toString());
    assertEquals("Frank Doe", me.path("displayName").asText(), me.toString());
  }

  @Test
  void grant_letsOneUserPullOnePrivateRepository() {
    OciClient alice = as("alice");
    pushImage(alice, "alice/shared", "v1");
    OciClient.expect(alice.put("/api/v1/repositories/alice/shared/visibility", json("{\"visibility\":\"private\"}"),
        "Content-Type", "application/json"), 200);
    assertEquals(403, as("bob").get("/v2/alice/shared/manifests/v1").status());
    OciClient.expect(alice.put("/api/v1/repositories/alice/shared/grants/bob", json("{\"actions\":[\"pull\"]}"),
        "Content-Type", "application/json"), 200);
    assertEquals(200, as("bob").get("/v2/alice/shared/manifests/v1").status());
    assertEquals(403, as("bob").post("/v2/alice/shared/blobs/uploads/", null).status());
  }

  @Test
  void managementApi_acceptsBearerTokensAndChecksRoles() {
    String token = token("bob", "repository:bob/x:pull");
    assertEquals("bob", parse(anonymous.withBearer(token).get("/api/v1/me")).get("name").asText());
    assertEquals(403, anonymous.withBearer(token).get("/api/v1/users").status());
    assertEquals("anonymous", parse(anonymous.get("/api/v1/me")).get("name").asText());
    assertEquals(401, anonymous.get("/api/v1/users").status());
    assertEquals(403, as("bob").post("/api/v1/users", json("{\"name\":\"mallory\",\"password\":\"" + PASSWORD
        + "\"}"), "Content-Type", "application/json").status());
    assertEquals(200, admin.get("/api/v1/users").status());
  }

  @Test
  void auditLog_recordsPushesDeletesPermissionChangesAndFailedLogins_forAdminsOnly() {
    Digest digest = pushImage(as("alice"), "alice/audited", "v1");
    OciClient.expect(as("alice").delete("/v2/alice/audited/manifests/" + digest), 202);
    OciClient.expect(as("alice").put("/api/v1/repositories/alice/audited/visibility",
        json("{\"visibility\":\"private\"}"), "Content-Type", "application/json"), 200);
    anonymous.withBasic("alice", "wrong-one").get("/auth/token");
    Response log = admin.get("/api/v1/audit?limit=1000");
    assertEquals(200, log.status());
    String text = log.text();
    assertTrue(text.contains("\"action\":\"manifest.push\"") && text.contains("alice/audited@" + digest), text);
    assertTrue(text.contains("\"action\":\"manifest.delete\""), text);
    assertTrue(text.contains("\"action\":\"repository.visibility\""), text);
    assertTrue(text.contains("\"action\":\"login\"") && text.contains("\"outcome\":\"failure\""), text);
    assertTrue(text.contains("\"address\":\"127.0.0.1\""), text);
    assertFalse(text.contains(PASSWORD) || text.contains("wrong-one"), "no secret in the audit log");
    assertEquals(403, as("alice").get("/api/v1/audit").status());
  }

  @Test
  void keyRotation_newTokensUseTheNewKeyAndOldTokensStayValid() {
    pushImage(as("alice"), "alice/rotated", "v1");
    String before = token("alice", "repository:alice/rotated:pull");
    Response rotated = admin.post("/api/v1/keys/rotate", null);
    assertEquals(200, rotated.status());
    String after = token("alice", "repository:alice/rotated:pull");
    assertNotEquals(kid(before), kid(after));
    assertEquals(parse(rotated).get("keyId").asText(), kid(after));
    assertEquals(200, anonymous.withBearer(before).get("/v2/alice/rotated/manifests/v1").status());
    assertEquals(200, anonymous.withBearer(after).get("/v2/alice/rotated/manifests/v1").status());
  }

  private static String kid(String token) {
    try {
      return SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void curator_pullsAndDeletesEverywhereButCannotPush() {
    OciClient alice = as("alice");
    Digest digest = pushImage(alice, "alice/curated", "v1");
    OciClient.expect(alice.put("/api/v1/repositories/alice/curated/visibility", json("{\"visibility\":\"private\"}"),
        "Content-Type", "application/json"), 200);
    OciClient carol = as("carol");
    assertEquals(200, carol.get("/v2/alice/curated/manifests/v1").status());
    assertEquals(403, carol.post("/v2/alice/curated/blobs/uploads/", null).status());
    assertEquals(202, carol.delete("/v2/alice/curated/manifests/" + digest).status());
  }
}
