package org.arca.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.arca.registry.storage.S3Storage;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server (S3Proxy) in this JVM, on a free local port, keeping its objects in files under a temporary
 * directory: what the S3 storage backend's tests run against.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "arca-test";
  public static final String SECRET_KEY = "arca-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;

  public S3ProxyServer() {
    try {
      Path dir = Files.createTempDirectory("arca-s3proxy");
      Properties properties = new Properties();
      properties.setProperty("jclouds.filesystem.basedir", dir.toString());
      context = ContextBuilder.newBuilder("filesystem").overrides(properties).build(BlobStoreContext.class);
      proxy = S3Proxy.builder()
          .blobStore(context.getBlobStore())
          .endpoint(URI.create("http://127.0.0.1:0"))
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
          .build();
      proxy.start();
      endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Creates a new, empty bucket and returns its name. */
  public String newBucket() {
    String bucket = "arca-" + UUID.randomUUID().toString().substring(0, 8);
    context.getBlobStore().createContainerInLocation(null, bucket);
    return bucket;
  }

  /** An S3 client for this server, configured as Arca configures its own. */
  public S3Client client() {
    return S3Storage.client(endpoint, "us-east-1", true,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
  }

  /** Properties for an Arca server keeping its blobs in a new bucket here. */
  public Map<String, String> arcaProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("arca.storage.backend", "s3");
    properties.put("arca.storage.s3.endpoint", endpoint.toString());
    properties.put("arca.storage.s3.bucket", newBucket());
    properties.put("arca.storage.s3.path-style", "true");
    properties.put("arca.storage.s3.access-key", ACCESS_KEY);
    properties.put("arca.storage.s3.secret-key", SECRET_KEY);
    properties.put("arca.storage.s3.part-size", "5MB");
    return properties;
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
