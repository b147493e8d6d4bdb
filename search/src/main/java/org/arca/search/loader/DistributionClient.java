package org.arca.search.loader;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.arca.core.Digest;
import org.arca.core.RepositoryName;
import org.arca.core.image.OciJson;

/**
 * Pushes blobs and manifests to a registry through the OCI Distribution API, as any client does: {@code HEAD} a blob
 * to skip what is there, {@code POST} then {@code PUT} to upload, {@code PUT} a manifest. Connection failures, 429 and
 * 5xx answers are retried with growing pauses; other refusals fail at once with the registry's own message.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/v1.1.1/spec.md#push">push</a>
 */
public final class DistributionClient {
  private static final int ATTEMPTS = 5;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http;
  private final String authorization;

  /**
   * @param base the registry's base URL ({@code http://127.0.0.1:8080}); {@code /v2/} is added
   * @param user for HTTP Basic authentication, or null
   */
  public DistributionClient(URI base, String user, String password) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text : text + "/");
    // HTTP/1.1: an h2c upgrade attempt on every plain-http request only costs registries time
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
  }

  /** Checks that the URL answers as an OCI registry ({@code GET /v2/}). */
  public void ping() throws RegistryPushException {
    HttpResponse<String> response = send(request("v2/").GET(), "reach the registry at " + base);
    if (response.statusCode() == 401) {
      throw new RegistryPushException("the registry at " + base + " asks for credentials ("
          + response.headers().firstValue("WWW-Authenticate").orElse("no challenge")
          + "); pass --user and --password");
    }
    if (response.statusCode() != 200) {
      throw new RegistryPushException("the registry at " + base + " answered GET /v2/ with " + response.statusCode()
          + message(response));
    }
  }

  /** Uploads a blob unless the repository has it already. */
  public void pushBlob(RepositoryName repository, Blob blob) throws RegistryPushException {
    String what = "push blob " + blob.digest().shortHex() + " to " + repository;
    HttpResponse<String> head = send(request("v2/" + repository + "/blobs/" + blob.digest())
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), what);
    if (head.statusCode() == 200) {
      return;
    }
    HttpResponse<String> start = send(request("v2/" + repository + "/blobs/uploads/")
        .POST(HttpRequest.BodyPublishers.noBody()), what);
    if (start.statusCode() == 201) {
      return; // a registry may complete a mount or dedupe at once
    }
    expect(start, 202, what);
    String location = start.headers().firstValue("Location")
        .orElseThrow(() -> new RegistryPushException(what + ": the registry gave no upload Location"));
    URI upload = base.resolve(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    URI put = URI.create(upload + separator + "digest=" + blob.digest());
    HttpResponse<String> done = send(builder(put).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(blob.bytes())), what);
    expect(done, 201, what);
  }

  /** Stores a manifest under a tag or its digest; returns the digest the registry reports. */
  public Digest putManifest(RepositoryName repository, String reference, Blob manifest) throws RegistryPushException {
    String what = "push manifest " + repository + (reference.contains(":") ? "@" : ":") + reference;
    HttpResponse<String> response = send(request("v2/" + repository + "/manifests/" + reference)
        .header("Content-Type", manifest.mediaType())
        .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest.bytes())), what);
    expect(response, 201, what);
    Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
    if (digest.isPresent() && !digest.get().equals(manifest.digest().toString())) {
      throw new RegistryPushException(what + ": the registry stored digest " + digest.get() + ", not "
          + manifest.digest());
    }
    return manifest.digest();
  }

  /**
   * Arca's search status ({@code GET /api/v1/search/status}), or empty when the registry has none (another registry,
   * or Arca with search switched off).
   */
  public Optional<JsonNode> searchStatus() throws RegistryPushException {
    HttpResponse<String> response = send(request("api/v1/search/status").GET().header("Accept", "application/json"),
        "read the search status of " + base);
    if (response.statusCode() != 200) {
      return Optional.empty();
    }
    try {
      return Optional.of(OciJson.MAPPER.readTree(response.body()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private HttpRequest.Builder request(String path) {
    return builder(base.resolve(path));
  }

  private HttpRequest.Builder builder(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("User-Agent", "arca-load-recipes");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  /** Sends with retries on failures that may pass: no connection, 429, 5xx. */
  private HttpResponse<String> send(HttpRequest.Builder request, String what) throws RegistryPushException {
    HttpRequest built = request.build();
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        boolean transient_ = response.statusCode() == 429 || response.statusCode() >= 500;
        if (!transient_ || attempt == ATTEMPTS) {
          return response;
        }
      } catch (IOException e) {
        if (attempt == ATTEMPTS) {
          throw new RegistryPushException(what + ": " + describe(e) + " (after " + ATTEMPTS + " attempts)", e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryPushException(what + ": interrupted", e);
      }
      try {
        Thread.sleep(pause.toMillis()); // back off before retrying a registry that is busy or restarting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryPushException(what + ": interrupted", e);
      }
      pause = pause.multipliedBy(2);
    }
  }

  private static void expect(HttpResponse<String> response, int status, String what) throws RegistryPushException {
    if (response.statusCode() != status) {
      String hint = response.statusCode() == 401 || response.statusCode() == 403
          ? " (check --user and --password)" : "";
      throw new RegistryPushException(what + ": the registry answered " + response.statusCode() + message(response)
          + hint);
    }
  }

  /** The registry's error message from an OCI error body, or the start of whatever it sent. */
  private static String message(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode errors = OciJson.MAPPER.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        JsonNode first = errors.get(0);
        return ": " + first.path("code").asText("") + " " + first.path("message").asText("");
      }
    } catch (IOException e) {
      // not JSON: show it as text
    }
    return ": " + (body.length() > 200 ? body.substring(0, 200) + "…" : body.strip());
  }

  private static String describe(IOException e) {
    if (e instanceof java.net.ConnectException) {
      return "cannot connect (is the registry running at that URL?)";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
