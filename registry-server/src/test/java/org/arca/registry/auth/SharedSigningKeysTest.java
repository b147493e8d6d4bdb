package org.arca.registry.auth;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * Token signing keys live in the database: instances on one database (each with its own data directory) sign and
 * verify with the same keys, make one key between them when they start at once, follow each other's rotations, and
 * key files of an install from before the table are imported so that the tokens they signed stay valid. The vetting
 * attestation key is shared and imported the same way.
 */
class SharedSigningKeysTest {
  private static final String ADMIN_PASSWORD = "admin-password-for-tests";

  @Test
  void instancesStartedAtOnce_makeOneKey_andAcceptEachOthersTokensForPushAndPull() throws Exception {
    Map<String, String> shared = AccessControlContract.authProperties(TestDatabases.postgres());
    CompletableFuture<EmbeddedServer> startingA = CompletableFuture.supplyAsync(() -> startInstance(shared));
    CompletableFuture<EmbeddedServer> startingB = CompletableFuture.supplyAsync(() -> startInstance(shared));
    try (EmbeddedServer a = startingA.join(); EmbeddedServer b = startingB.join()) {
      assertEquals(List.of(a.getApplicationContext().getBean(SigningKeys.class).currentKeyId()), tokenKeyIds(shared));
      assertEquals(tokenKeyIds(shared).get(0), b.getApplicationContext().getBean(SigningKeys.class).currentKeyId());

      String fromA = token(a, "repository:lab/tools:pull,push");
      OciClient onB = client(b).withBearer(fromA);
      byte[] layer = randomBytes(2048);
      byte[] cfg = config("amd64");
      onB.pushBlob("lab/tools", layer);
      onB.pushBlob("lab/tools", cfg);
      byte[] image = manifest(descriptor(MediaTypes.OCI_CONFIG, cfg),
          List.of(descriptor(MediaTypes.OCI_LAYER_GZIP, layer)));
      onB.pushManifest("lab/tools", "v1", image, MediaTypes.OCI_MANIFEST);
      Response pulled = onB.get("/v2/lab/tools/manifests/v1", "Accept", MediaTypes.OCI_MANIFEST);
      OciClient.expect(pulled, 200);
      assertArrayEquals(image, pulled.body());

      String fromB = token(b, "repository:lab/tools:pull");
      // each instance here keeps blobs in its own data directory: on A, ask only what the database answers
      OciClient.expect(client(a).withBearer(fromB).get("/v2/lab/tools/tags/list"), 200);

      // A rotates: B signs with the new key from then on, and both still accept the tokens the old key signed.
      Response rotated = client(a).withBasic("admin", ADMIN_PASSWORD).post("/api/v1/keys/rotate", null);
      OciClient.expect(rotated, 200);
      String newKey = OciJson.MAPPER.readTree(rotated.body()).get("keyId").asText();
      String afterRotation = token(b, "repository:lab/tools:pull");
      assertEquals(newKey, kid(afterRotation));
      assertNotEquals(kid(fromA), newKey);
      OciClient.expect(client(a).withBearer(afterRotation).get("/v2/lab/tools/tags/list"), 200);
      OciClient.expect(client(b).withBearer(fromA).get("/v2/lab/tools/manifests/v1"), 200);
      assertEquals(2, tokenKeyIds(shared).size());

      String attestationKey = attestationPublicKey(a);
      assertEquals(attestationKey, attestationPublicKey(b), "one vetting attestation key for both instances");
    }
  }

  @Test
  void keyFilesOfAnOlderInstall_areImported_andTheirTokensAreAcceptedByEveryInstance() throws Exception {
    Map<String, String> shared = AccessControlContract.authProperties(TestDatabases.postgres());
    Path dataDir = TestDatabases.newDataDir();
    ECKey older = writeKeyFile(dataDir, "20250101000000-0000aaaa");
    ECKey newer = writeKeyFile(dataDir, "20250601000000-0000bbbb");
    String signedByOlder = signAsAdmin(older);
    String attestationKey = writeAttestationKeyFiles(dataDir);
    try (EmbeddedServer a = start(shared, dataDir); EmbeddedServer b = startInstance(shared)) {
      assertEquals(List.of(older.getKeyID(), newer.getKeyID()), tokenKeyIds(shared));
      assertEquals(newer.getKeyID(), kid(token(b, "repository:lab/tools:pull")), "the newest file key signs");
      OciClient.expect(client(a).withBearer(signedByOlder).get("/v2/"), 200);
      OciClient.expect(client(b).withBearer(signedByOlder).get("/v2/"), 200);
      assertFalse(b.getApplicationContext().getBean(SigningKeys.class).verify(signAsAdmin(
          new ECKeyGenerator(Curve.P_256).keyID(older.getKeyID()).generate())).isPresent(),
          "a stranger's key under an imported id");
      assertEquals(attestationKey, attestationPublicKey(a), "the attestation key files were imported");
      assertEquals(attestationKey, attestationPublicKey(b));
    }
  }

  @Test
  void onH2_keyFilesAreImported_andKeysSurviveARestart() throws Exception {
    Map<String, String> properties = AccessControlContract.authProperties(TestDatabases.h2());
    ECKey fileKey = writeKeyFile(dataDir(properties), "20250101000000-0000cccc");
    String issued;
    String attestationKey;
    try (EmbeddedServer server = start(properties, dataDir(properties))) {
      attestationKey = attestationPublicKey(server);
      OciClient.expect(client(server).withBearer(signAsAdmin(fileKey)).get("/v2/"), 200);
      OciClient.expect(client(server).withBasic("admin", ADMIN_PASSWORD).post("/api/v1/keys/rotate", null), 200);
      issued = token(server, "repository:lab/tools:pull");
      assertNotEquals(fileKey.getKeyID(), kid(issued));
    }
    Files.delete(dataDir(properties).resolve("keys").resolve(fileKey.getKeyID() + ".jwk"));
    try (EmbeddedServer server = start(properties, dataDir(properties))) {
      assertEquals(kid(issued), kid(token(server, "repository:lab/tools:pull")), "the rotated key still signs");
      OciClient.expect(client(server).withBearer(issued).get("/v2/"), 200);
      OciClient.expect(client(server).withBearer(signAsAdmin(fileKey)).get("/v2/"), 200);
      assertEquals(attestationKey, attestationPublicKey(server), "the same attestation key after a restart");
    }
  }

  @Test
  void onH2_firstStartWithoutFiles_makesKeysInTheDatabaseAndWritesNoFile() {
    Map<String, String> properties = AccessControlContract.authProperties(TestDatabases.h2());
    try (EmbeddedServer server = start(properties, dataDir(properties))) {
      String token = token(server, "repository:lab/tools:pull");
      assertEquals(server.getApplicationContext().getBean(SigningKeys.class).currentKeyId(), kid(token));
      OciClient.expect(client(server).withBearer(token).get("/v2/"), 200);
      assertFalse(Files.exists(dataDir(properties).resolve("keys")), "no key files in the data directory");
    }
  }

  /** A server with {@code properties} on the data directory {@code dataDir}. */
  private static EmbeddedServer start(Map<String, String> properties, Path dataDir) {
    Map<String, Object> own = new HashMap<>(properties);
    own.put("arca.data-dir", dataDir.toString());
    return ApplicationContext.run(EmbeddedServer.class, own, "test");
  }

  /** A server on the shared database with a data directory of its own, as each instance of a cluster has. */
  private static EmbeddedServer startInstance(Map<String, String> shared) {
    return start(shared, TestDatabases.newDataDir());
  }

  private static Path dataDir(Map<String, String> properties) {
    return Path.of(properties.get("arca.data-dir"));
  }

  private static OciClient client(EmbeddedServer server) {
    return new OciClient(URI.create(server.getURL().toString()));
  }

  private static String token(EmbeddedServer server, String scope) {
    Response response = client(server).withBasic("admin", ADMIN_PASSWORD)
        .get("/auth/token?service=arca&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
    OciClient.expect(response, 200);
    try {
      return OciJson.MAPPER.readTree(response.body()).get("token").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String kid(String token) {
    try {
      return SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }

  /** A key file as Arca wrote them before keys were kept in the database. */
  private static ECKey writeKeyFile(Path dataDir, String keyId) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    Path keys = Files.createDirectories(dataDir.resolve("keys"));
    Files.writeString(keys.resolve(keyId + ".jwk"), key.toJSONString());
    return key;
  }

  /** Vetting attestation key files as Arca wrote them before keys were kept in the database; returns the public PEM. */
  private static String writeAttestationKeyFiles(Path dataDir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    Path keys = Files.createDirectories(dataDir.resolve("keys"));
    String publicPem = pem("PUBLIC KEY", pair.getPublic().getEncoded());
    Files.writeString(keys.resolve("vetting-attestation.pub"), publicPem);
    Files.writeString(keys.resolve("vetting-attestation.key"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    return publicPem;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static String attestationPublicKey(EmbeddedServer server) {
    Response response = client(server).withBasic("admin", ADMIN_PASSWORD).get("/api/v1/vetting/public-key");
    OciClient.expect(response, 200);
    return response.text();
  }

  /** An access token for the admin account as Arca issues them, signed with {@code key}. */
  private static String signAsAdmin(ECKey key) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("arca").audience("arca").subject("admin")
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("arca_type", "access").claim("arca_kind", "USER").claim("arca_role", "ADMIN")
        .claim("access", List.of()).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  /** The ids of the token keys in the shared database, oldest first. */
  private static List<String> tokenKeyIds(Map<String, String> properties) throws Exception {
    try (Connection c = DriverManager.getConnection(properties.get("datasources.default.url"),
        properties.get("datasources.default.username"), properties.get("datasources.default.password"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT kid FROM signing_key WHERE purpose = 'token' ORDER BY generation")) {
      List<String> ids = new java.util.ArrayList<>();
      while (r.next()) {
        ids.add(r.getString(1));
      }
      return ids;
    }
  }
}
