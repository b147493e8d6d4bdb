package org.arca.registry.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a full session (admin set by environment, a user created, docker-style login with refresh, a skopeo push
 * with credentials, a robot push, a failed login) the server's log holds none of the secrets that passed through.
 */
class SecretsStayOutOfLogsIT {
  @TempDir
  Path dataDir;
  @TempDir
  Path work;

  @Test
  void fullLoginAndPush_leaveNoPasswordOrTokenInTheLog() throws Exception {
    String adminPassword = "Admin-Secret-" + System.nanoTime();
    String userPassword = "User-Secret-" + System.nanoTime();
    List<String> secrets = new ArrayList<>(List.of(adminPassword, userPassword));
    String log;
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"),
        Map.of("ARCA_AUTH_ENABLED", "true", "ARCA_ADMIN_PASSWORD", adminPassword))) {
      OciClient anonymous = new OciClient(arca.url());
      OciClient admin = anonymous.withBasic("admin", adminPassword);
      OciClient.expect(admin.post("/api/v1/users", ("{\"name\":\"uma\",\"password\":\"" + userPassword + "\"}")
          .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json"), 201);

      OciClient.Response login = anonymous.post("/auth/token", ("grant_type=password&username=uma&password="
          + userPassword + "&service=arca&access_type=offline&client_id=test").getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/x-www-form-urlencoded");
      assertEquals(200, login.status());
      JsonNode tokens = OciJson.MAPPER.readTree(login.body());
      secrets.add(tokens.get("access_token").asText());
      secrets.add(tokens.get("refresh_token").asText());

      String host = arca.url().getAuthority();
      Path layout = Processes.debianMinbase();
      Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds",
          "uma:" + userPassword, "oci:" + layout + ":bookworm", "docker://" + host + "/uma/debian:bookworm");

      OciClient.Response robot = anonymous.withBasic("uma", userPassword).post("/api/v1/namespaces/uma/robots",
          "{\"name\":\"ci\",\"actions\":[\"push\",\"pull\"]}".getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/json");
      assertEquals(201, robot.status());
      String robotToken = OciJson.MAPPER.readTree(robot.body()).get("token").asText();
      secrets.add(robotToken);
      Processes.run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds",
          "uma+ci:" + robotToken, "oci:" + layout + ":bookworm", "docker://" + host + "/uma/debian:robot");

      String wrong = "Wrong-Secret-" + System.nanoTime();
      secrets.add(wrong);
      assertEquals(401, anonymous.withBasic("uma", wrong).get("/v2/").status());
      log = arca.log();
    }
    assertTrue(log.contains("Startup completed"), "the log was captured");
    assertTrue(log.contains("admin"), "the admin account's creation was logged, without its password");
    for (String secret : secrets) {
      assertFalse(log.contains(secret), "a secret appears in the log");
      assertFalse(log.contains(java.util.Base64.getEncoder().encodeToString(("uma:" + secret)
          .getBytes(StandardCharsets.UTF_8))), "Basic credentials appear in the log");
    }
  }
}
