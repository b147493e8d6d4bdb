package org.arca.registry.fixity;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.Map;
import org.arca.registry.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** Repair from a replica in an S3 bucket ({@code arca.fixity.replica.backend=s3}), served by S3Proxy. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaS3Test extends ReplicaContract implements TestPropertyProvider {
  private S3ProxyServer s3;

  @Override
  public Map<String, String> getProperties() {
    s3 = new S3ProxyServer();
    Map<String, String> properties = properties();
    properties.put("arca.fixity.replica.backend", "s3");
    properties.put("arca.fixity.replica.endpoint", s3.endpoint().toString());
    properties.put("arca.fixity.replica.bucket", s3.newBucket());
    properties.put("arca.fixity.replica.path-style", "true");
    properties.put("arca.fixity.replica.access-key", S3ProxyServer.ACCESS_KEY);
    properties.put("arca.fixity.replica.secret-key", S3ProxyServer.SECRET_KEY);
    properties.put("arca.fixity.replica.part-size", "5MB");
    return properties;
  }

  @AfterAll
  void stopS3() throws Exception {
    s3.close();
  }
}
