package org.arca.registry.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.OciClient.Response;
import org.arca.registry.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The probes a load balancer or an orchestrator asks, without credentials even when authentication is on:
 * {@code /health/liveness} (the process answers) and {@code /health/readiness} (it can serve: database and data
 * directory), as docs/scale-out.md's haproxy check uses.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthProbesTest implements TestPropertyProvider {
  @Inject
  EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = new HashMap<>(TestDatabases.h2());
    properties.put("arca.auth.enabled", "true");
    properties.put("arca.admin-password", "admin-password-for-tests");
    return properties;
  }

  @Test
  void livenessAndReadiness_answerUpWithoutCredentials() {
    OciClient anonymous = new OciClient(URI.create(server.getURL().toString()));
    for (String probe : new String[] {"/health/liveness", "/health/readiness"}) {
      Response response = anonymous.get(probe);
      assertEquals(200, response.status(), probe + ": " + response);
      assertTrue(response.text().contains("\"status\":\"UP\""), probe + ": " + response.text());
    }
  }
}
