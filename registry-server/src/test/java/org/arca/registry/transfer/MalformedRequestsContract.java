package org.arca.registry.transfer;

import static org.arca.registry.testing.TestImages.config;
import static org.arca.registry.testing.TestImages.descriptor;
import static org.arca.registry.testing.TestImages.manifest;
import static org.arca.registry.testing.TestImages.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.arca.core.Descriptor;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.Processes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Malformed, pipelined and half-closed HTTP/1.1 over a raw socket, and manifests that no client could pull. The
 * subclasses run it with the Netty fast path (which answers blobs, manifests and tag lists itself) and without it:
 * every answer must be the same either way.
 */
abstract class MalformedRequestsContract {
  private static final String REPO = "framing/image";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject
  EmbeddedServer server;

  private OciClient client;
  private Digest layer;
  private byte[] layerBytes;
  private byte[] configBytes;
  private Digest manifestDigest;

  @BeforeAll
  void pushImage() {
    client = new OciClient(URI.create(server.getURL().toString()));
    layerBytes = randomBytes(3000);
    layer = client.pushBlob(REPO, layerBytes);
    configBytes = config("amd64");
    client.pushBlob(REPO, configBytes);
    manifestDigest = client.pushManifest(REPO, "v1", manifest(descriptor(MediaTypes.OCI_CONFIG, configBytes),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layer, layerBytes.length))), MediaTypes.OCI_MANIFEST);
  }

  // ---- malformed requests

  /** Routes the fast path answers (tags, manifests, blobs) and routes only Micronaut answers. */
  static Stream<String> routes() {
    return Stream.of("/v2/" + REPO + "/tags/list", "/v2/" + REPO + "/manifests/v1", "/v2/" + REPO + "/blobs/"
        + "sha256:" + "0".repeat(64), "/v2/", "/v2/_catalog");
  }

  static Stream<Arguments> malformedRequests() {
    List<Arguments> cases = new ArrayList<>();
    routes().forEach(route -> {
      cases.add(Arguments.of("a 10,000-byte header", route, get(route, "X-Padding: " + "a".repeat(10_000)), 431));
      cases.add(Arguments.of("Content-Length: abc", route, get(route, "Content-Length: abc"), 400));
      cases.add(Arguments.of("two Content-Lengths", route, get(route, "Content-Length: 0\r\nContent-Length: 1"), 400));
      cases.add(Arguments.of("a header line without a colon", route, get(route, "NoColonHere"), 400));
      cases.add(Arguments.of("a 5 KiB request line", route, get(route + "?padding=" + "a".repeat(5 * 1024), null),
          414));
    });
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("malformedRequests")
  void malformedRequest_isRefusedAndTheConnectionCloses(String what, String route, String request, int status)
      throws IOException {
    try (Socket socket = connect()) {
      // a well-formed request after the malformed one must not be answered: the codec has lost its place
      write(socket, request + get("/v2/", null));

      RawResponse response = RawResponse.read(socket.getInputStream());

      assertEquals(status, response.status(), response::toString);
      assertEquals("close", response.header("connection"), response::toString);
      JsonNode error = JSON.readTree(response.body()).get("errors").get(0);
      assertEquals("UNSUPPORTED", error.get("code").asText(), response::toString);
      assertTrue(!error.get("message").asText().isEmpty(), response::toString);
      assertEquals(-1, socket.getInputStream().read(), "the connection stays open after " + what + " on " + route);
    }
  }

  // ---- pipelining

  @Test
  void pipelinedRequests_onEveryRoute_areAnsweredInOrder() throws IOException {
    String tags = "/v2/" + REPO + "/tags/list";
    String manifest = "/v2/" + REPO + "/manifests/v1";
    String blob = "/v2/" + REPO + "/blobs/" + layer;
    List<String> paths = List.of("/v2/", tags, manifest, "/v2/", blob, "/v2/_catalog", tags, "/v2/" + REPO
        + "/manifests/absent", manifest);
    try (Socket socket = connect()) {
      write(socket, String.join("", paths.stream().map(p -> get(p, null)).toList()));

      List<RawResponse> responses = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        responses.add(RawResponse.read(socket.getInputStream()));
      }

      assertEquals("{}", responses.get(0).text());
      assertEquals(client.get(tags).text(), responses.get(1).text());
      assertEquals(manifestDigest.toString(), responses.get(2).header("docker-content-digest"));
      assertEquals("{}", responses.get(3).text());
      assertArrayEquals(layerBytes, responses.get(4).body());
      assertTrue(responses.get(5).text().contains(REPO), responses.get(5)::toString);
      assertEquals(responses.get(1).text(), responses.get(6).text());
      assertEquals(404, responses.get(7).status(), responses.get(7)::toString);
      assertEquals(manifestDigest.toString(), responses.get(8).header("docker-content-digest"));
    }
  }

  /** What {@code printf '...' | nc -q5 HOST PORT} does: send two requests, then shut the sending side. */
  @Test
  void pipelinedRequests_thenHalfClose_areAllAnsweredBeforeTheClose() throws IOException {
    List<String> paths = List.of("/v2/", "/v2/" + REPO + "/tags/list", "/v2/", "/v2/" + REPO + "/manifests/v1");
    try (Socket socket = connect()) {
      write(socket, String.join("", paths.stream().map(p -> get(p, null)).toList()));
      socket.shutdownOutput();

      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < paths.size(); i++) {
        statuses.add(RawResponse.read(socket.getInputStream()).status());
      }

      assertEquals(List.of(200, 200, 200, 200), statuses);
      assertEquals(-1, socket.getInputStream().read(), "the server keeps a half-closed connection open");
    }
  }

  @Test
  void wellFormedRequests_thenAMalformedOne_areAnsweredInOrderBeforeTheRefusal() throws IOException {
    try (Socket socket = connect()) {
      write(socket, get("/v2/" + REPO + "/tags/list", null) + get("/v2/", null) + get("/v2/" + REPO
          + "/manifests/v1", "Content-Length: abc"));

      RawResponse tags = RawResponse.read(socket.getInputStream());
      RawResponse base = RawResponse.read(socket.getInputStream());
      RawResponse refused = RawResponse.read(socket.getInputStream());

      assertTrue(tags.text().contains("\"v1\""), tags::toString);
      assertEquals("{}", base.text());
      assertEquals(400, refused.status(), refused::toString);
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  // ---- upload bodies

  @Test
  void uploadWithBrokenChunkEncoding_isRefusedAndTheUploadKeepsItsBytes() throws IOException {
    String upload = client.post("/v2/" + REPO + "/blobs/uploads/", null).header("Location").orElseThrow();
    client.patch(upload, randomBytes(10), "Content-Range", "0-9");
    String rangeBefore = client.get(upload).header("Range").orElseThrow();

    try (Socket socket = connect()) {
      write(socket, "PATCH " + upload + " HTTP/1.1\r\nHost: arca\r\nContent-Type: application/octet-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nnot a chunk\r\n0\r\n\r\n");

      RawResponse response = RawResponse.read(socket.getInputStream());

      assertEquals(400, response.status(), response::toString);
      assertEquals(-1, socket.getInputStream().read());
    }
    assertEquals(rangeBefore, client.get(upload).header("Range").orElseThrow());
  }

  @Test
  void refusedUpload_whoseBodyIsStillArriving_getsItsAnswerIntactAndLogsNoError() throws IOException {
    ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
        org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);
    byte[] body = randomBytes(8 << 20);
    try (Socket socket = connect()) {
      write(socket, "PATCH /v2/" + REPO + "/blobs/uploads/00000000-0000-0000-0000-000000000000 HTTP/1.1\r\n"
          + "Host: arca\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n");
      // the whole body, as a client that did not ask for 100 Continue sends it; the server answers before its end
      socket.getOutputStream().write(body);

      RawResponse response = RawResponse.read(socket.getInputStream());

      assertEquals(404, response.status(), response::toString);
      assertEquals("BLOB_UPLOAD_UNKNOWN", JSON.readTree(response.body()).get("errors").get(0).get("code").asText());
    } finally {
      root.detachAppender(logged);
    }
    assertEquals(List.of(), logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
        .map(ILoggingEvent::getFormattedMessage).toList());
  }

  // ---- Expect: 100-continue

  @Test
  void manifestPutExpectingContinue_tooLarge_isRefused413WithoutContinue() throws IOException {
    try (Socket socket = connect()) {
      write(socket, "PUT /v2/" + REPO + "/manifests/big HTTP/1.1\r\nHost: arca\r\nContent-Type: "
          + MediaTypes.OCI_MANIFEST + "\r\nExpect: 100-continue\r\nContent-Length: " + (100L << 20) + "\r\n\r\n");

      RawResponse response = RawResponse.read(socket.getInputStream());

      assertEquals(413, response.status(), response::toString);
      assertEquals("MANIFEST_INVALID", JSON.readTree(response.body()).get("errors").get(0).get("code").asText());
      assertEquals(-1, socket.getInputStream().read());
    }
    assertEquals(404, client.get("/v2/" + REPO + "/manifests/big").status());
  }

  // ---- manifests clients cannot pull

  @Test
  void manifestWithByteOrderMark_isRefusedManifestInvalid() {
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, configBytes), List.of());
    byte[] withMark = new byte[manifest.length + 3];
    withMark[0] = (byte) 0xef;
    withMark[1] = (byte) 0xbb;
    withMark[2] = (byte) 0xbf;
    System.arraycopy(manifest, 0, withMark, 3, manifest.length);

    OciClient.Response response = client.put("/v2/" + REPO + "/manifests/bom", withMark,
        "Content-Type", MediaTypes.OCI_MANIFEST);

    assertEquals(400, response.status(), response::toString);
    assertEquals("MANIFEST_INVALID", response.errorCode());
    assertTrue(response.text().contains("byte-order mark"), response::toString);
    assertEquals(404, client.get("/v2/" + REPO + "/manifests/bom").status());
  }

  @Test
  void manifestWhoseConfigSizeDisagreesWithTheBlob_isRefusedNamingTheDescriptor() {
    byte[] manifest = manifest(new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), 5), List.of());

    OciClient.Response response = client.put("/v2/" + REPO + "/manifests/wrong-size", manifest,
        "Content-Type", MediaTypes.OCI_MANIFEST);

    assertEquals(400, response.status(), response::toString);
    assertEquals("MANIFEST_INVALID", response.errorCode());
    assertTrue(response.text().contains("descriptor config gives size 5")
        && response.text().contains("has " + configBytes.length + " bytes"), response::toString);
    assertEquals(404, client.get("/v2/" + REPO + "/manifests/wrong-size").status());
  }

  @Test
  void manifestWhoseLayerSizeDisagreesWithTheBlob_isRefusedNamingTheLayer() {
    byte[] manifest = manifest(descriptor(MediaTypes.OCI_CONFIG, configBytes),
        List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layer, layerBytes.length),
            new Descriptor(MediaTypes.OCI_LAYER_GZIP, layer, layerBytes.length + 1)));

    OciClient.Response response = client.put("/v2/" + REPO + "/manifests/wrong-layer", manifest,
        "Content-Type", MediaTypes.OCI_MANIFEST);

    assertEquals(400, response.status(), response::toString);
    assertEquals("MANIFEST_INVALID", response.errorCode());
    assertTrue(response.text().contains("descriptor layers[1]"), response::toString);
  }

  /** The checks above refuse only what clients cannot pull: skopeo still pushes a real image and pulls it back. */
  @Test
  void skopeoCopy_ofARealImage_isAcceptedAndPullsBack(@TempDir Path out) {
    String image = "docker://" + server.getHost() + ":" + server.getPort() + "/framing/debian:bookworm";
    List<String> copy = List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
        "--dest-tls-verify=false", "--retry-times", "0");

    Processes.run(Stream.concat(copy.stream(), Stream.of("oci:" + Processes.debianMinbase() + ":bookworm", image))
        .toList());
    Processes.run(Stream.concat(copy.stream(), Stream.of(image, "oci:" + out + ":bookworm")).toList());

    assertEquals(200, client.get("/v2/framing/debian/manifests/bookworm").status());
    assertTrue(Files.isRegularFile(out.resolve("index.json")));
  }

  // ---- raw HTTP

  private Socket connect() throws IOException {
    Socket socket = new Socket(server.getHost(), server.getPort());
    // only so that a regression fails instead of hanging the build; no answer here takes more than a moment
    socket.setSoTimeout(60_000);
    return socket;
  }

  private static String get(String path, String extraHeader) {
    return "GET " + path + " HTTP/1.1\r\nHost: arca\r\n" + (extraHeader == null ? "" : extraHeader + "\r\n") + "\r\n";
  }

  private static void write(Socket socket, String requests) throws IOException {
    socket.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** One HTTP/1.1 response read off the socket (Content-Length or chunked body). */
  record RawResponse(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + text();
    }

    static RawResponse read(InputStream in) throws IOException {
      String statusLine = line(in);
      if (statusLine == null) {
        throw new IOException("the connection closed before a response");
      }
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new HashMap<>();
      for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      if (status / 100 == 1) {
        return read(in); // 100 Continue: the final answer follows
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
          body.write(in.readNBytes(size));
          line(in);
        }
        line(in);
      } else if (headers.containsKey("content-length")) {
        body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
      }
      return new RawResponse(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) {
      try {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
          if (b == -1) {
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
          }
          if (b != '\r') {
            line.write(b);
          }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
