package org.arca.preservation.doi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.arca.core.image.OciJson;
import org.arca.preservation.datacite.DataCiteJson;
import org.arca.preservation.metadata.Doi;
import org.arca.preservation.metadata.DoiMetadata;

/**
 * Registers DOIs with the DataCite REST API (JSON:API, {@code application/vnd.api+json}, HTTP Basic with the
 * repository's id and password): {@code POST /dois} creates a draft; {@code PUT /dois/{doi}} updates metadata, with
 * {@code "event": "publish"} makes it findable and with {@code "event": "hide"} withdraws it to registered.
 * DataCite's JSON:API error titles are passed on in {@link DoiProviderException}.
 *
 * @see <a href="https://support.datacite.org/docs/api-create-dois">Create DOIs with the REST API</a>
 * @see <a href="https://support.datacite.org/docs/api-update-dois">Update DOIs with the REST API</a>
 */
public final class DataCiteDoiProvider implements DoiProvider {
  public static final String NAME = "datacite";
  public static final String JSON_API = "application/vnd.api+json";

  private final URI endpoint;
  private final String prefix;
  private final String authorization;
  private final HttpClient http;
  private final DataCiteJson json = new DataCiteJson();

  public DataCiteDoiProvider(String endpoint, String prefix, String username, String password, HttpClient http) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("arca.preservation.doi.datacite.endpoint is required for the datacite provider");
    }
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("arca.preservation.doi.datacite.username and .password are required for"
          + " the datacite provider (the DataCite repository id and its password)");
    }
    this.endpoint = URI.create(endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint);
    this.prefix = new Doi(prefix, "x").prefix();
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = http;
  }

  public DataCiteDoiProvider(String endpoint, String prefix, String username, String password) {
    this(endpoint, prefix, username, password,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public DoiStatus createDraft(DoiMetadata metadata) {
    Doi doi = require(metadata);
    return send("create draft DOI " + doi, "POST", endpoint.resolve(endpoint.getPath() + "/dois"),
        body(json.attributes(metadata), null));
  }

  @Override
  public DoiStatus publish(DoiMetadata metadata) {
    Doi doi = require(metadata);
    return send("publish DOI " + doi, "PUT", doiUri(doi), body(json.attributes(metadata), "publish"));
  }

  @Override
  public DoiStatus update(DoiMetadata metadata, DoiState current) {
    Doi doi = require(metadata);
    return send("update metadata of DOI " + doi, "PUT", doiUri(doi), body(json.attributes(metadata), null));
  }

  @Override
  public DoiStatus hide(Doi doi) {
    return send("hide DOI " + doi, "PUT", doiUri(doi), body(OciJson.MAPPER.createObjectNode(), "hide"));
  }

  /** The DOI's state as DataCite has it now. */
  public DoiStatus status(Doi doi) {
    return send("look up DOI " + doi, "GET", doiUri(doi), null);
  }

  private Doi require(DoiMetadata metadata) {
    Doi doi = metadata.doi();
    if (doi == null) {
      throw new IllegalArgumentException("a record to register needs its DOI set");
    }
    if (!doi.prefix().equals(prefix)) {
      throw new DoiProviderException("register " + doi + ": not under this repository's prefix " + prefix, 0,
          List.of());
    }
    return doi;
  }

  private URI doiUri(Doi doi) {
    // DataCite takes the DOI's slash literally in the path; the suffix is escaped in case it holds reserved chars
    String suffix = URLEncoder.encode(doi.suffix(), StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(endpoint + "/dois/" + doi.prefix() + "/" + suffix);
  }

  private static byte[] body(ObjectNode attributes, String event) {
    if (event != null) {
      attributes.put("event", event);
    }
    ObjectNode root = OciJson.MAPPER.createObjectNode();
    ObjectNode data = root.putObject("data");
    data.put("type", "dois");
    data.set("attributes", attributes);
    return OciJson.bytes(root);
  }

  private DoiStatus send(String action, String method, URI uri, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", authorization)
        .header("Accept", JSON_API);
    if (body != null) {
      request.header("Content-Type", JSON_API).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new DoiProviderException(action + " at " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DoiProviderException(action + " at " + endpoint + " was interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new DoiProviderException(action + ": DataCite answered " + response.statusCode(), response.statusCode(),
          errors(response.body()));
    }
    JsonNode attributes = parse(action, response.body()).path("data").path("attributes");
    String doi = attributes.path("doi").asText(null);
    String state = attributes.path("state").asText(null);
    if (doi == null || state == null) {
      throw new DoiProviderException(action + ": DataCite's answer lacks data.attributes.doi or .state",
          response.statusCode(), List.of());
    }
    DoiState parsed = DoiState.of(state);
    return new DoiStatus(Doi.parse(doi), parsed, parsed != DoiState.DRAFT, NAME, switch (parsed) {
      case DRAFT -> "Draft at DataCite: reserved, does not resolve yet, can still be deleted.";
      case REGISTERED -> "Registered with DataCite: resolves at https://doi.org but is not listed in searches.";
      case FINDABLE -> "Findable: registered with DataCite, resolves at https://doi.org and is searchable.";
    });
  }

  private static JsonNode parse(String action, byte[] body) {
    try {
      return OciJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new DoiProviderException(action + ": DataCite's answer is not JSON", e);
    }
  }

  /** The JSON:API error titles, each with the attribute it concerns ({@code source}) when DataCite names one. */
  static List<String> errors(byte[] body) {
    List<String> messages = new ArrayList<>();
    try {
      JsonNode root = OciJson.MAPPER.readTree(body);
      for (JsonNode error : root.path("errors")) {
        String title = error.path("title").asText(error.path("detail").asText(""));
        String source = error.path("source").asText("");
        messages.add(source.isEmpty() ? title : source + ": " + title);
      }
    } catch (JsonProcessingException e) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      if (!text.isEmpty()) {
        messages.add(text.length() > 300 ? text.substring(0, 300) + "…" : text);
      }
    } catch (IOException e) {
      // no readable body: the status says all there is
    }
    return messages;
  }
}
