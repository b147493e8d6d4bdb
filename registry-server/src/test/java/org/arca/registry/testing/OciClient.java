package org.arca.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.arca.core.Digest;

/**
 * A small raw HTTP client for the OCI API, so tests control every header and see every byte of the answer.
 */
public final class OciClient {
  private final URI base;
  private final HttpClient http;
  private final String authorization;

  public OciClient(URI base) {
    this(base, HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build(), null);
  }

  private OciClient(URI base, HttpClient http, String authorization) {
    this.base = base;
    this.http = http;
    this.authorization = authorization;
  }

  /** The same client sending HTTP Basic credentials with every request. */
  public OciClient withBasic(String user, String password) {
    return new OciClient(base, http, "Basic " + java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The same client sending a bearer token with every request. */
  public OciClient withBearer(String token) {
    return new OciClient(base, http, "Bearer " + token);
  }

  /** The same client sending this Authorization header (or none) with every request. */
  public OciClient withAuthorization(String header) {
    return new OciClient(base, http, header);
  }

  public URI base() {
    return base;
  }

  /** An answer: status, headers and body bytes. */
  public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first error code of an OCI error body, or null. */
    public String errorCode() {
      String text = text();
      int at = text.indexOf("\"code\":\"");
      return at < 0 ? null : text.substring(at + 8, text.indexOf('"', at + 8));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + (body.length > 600 ? text().substring(0, 600) + "…" : text());
    }
  }

  public Response send(String method, String pathOrUrl, byte[] body, String... headers) {
    URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body);
    request.method(method, publisher);
    return send(request.build());
  }

  public Response send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public Response head(String path, String... headers) {
    return send("HEAD", path, null, headers);
  }

  public Response delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  public Response put(String path, byte[] body, String... headers) {
    return send("PUT", path, body, headers);
  }

  public Response post(String path, byte[] body, String... headers) {
    return send("POST", path, body, headers);
  }

  public Response patch(String path, byte[] body, String... headers) {
    return send("PATCH", path, body, headers);
  }

  // ---- push helpers that assert nothing; tests check the answers they care about

  /** Pushes a blob with POST then PUT and returns its digest; fails loudly if the registry refuses. */
  public Digest pushBlob(String repository, byte[] content) {
    Digest digest = Digest.sha256(content);
    Response start = post("/v2/" + repository + "/blobs/uploads/", null);
    expect(start, 202);
    String location = start.header("Location").orElseThrow();
    Response put = put(withQuery(location, "digest=" + digest), content, "Content-Type", "application/octet-stream");
    expect(put, 201);
    return digest;
  }

  public Digest pushManifest(String repository, String reference, byte[] manifest, String mediaType) {
    Response response = put("/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", mediaType);
    expect(response, 201);
    return Digest.parse(response.header("Docker-Content-Digest").orElseThrow());
  }

  public static String withQuery(String location, String query) {
    return location + (location.contains("?") ? "&" : "?") + query;
  }

  public static void expect(Response response, int status) {
    if (response.status() != status) {
      throw new AssertionError("expected HTTP " + status + " but got " + response);
    }
  }
}
