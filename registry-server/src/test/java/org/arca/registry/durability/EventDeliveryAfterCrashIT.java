package org.arca.registry.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.arca.core.Digest;
import org.arca.core.MediaTypes;
import org.arca.core.image.OciJson;
import org.arca.registry.testing.ArcaProcess;
import org.arca.registry.testing.Await;
import org.arca.registry.testing.OciClient;
import org.arca.registry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arca killed with SIGKILL as soon as a manifest PUT was answered 201, then restarted on the same data directory:
 * every feature still processes that push, because its events were committed with it and each feature resumes the
 * event log from its own cursor. Search finds the image, its SIF conversion runs, and its provenance is recorded.
 */
class EventDeliveryAfterCrashIT {
  private static final String REPO = "crash/events";

  @TempDir
  Path dataDir;

  @Test
  void sigkillRightAfterManifestPut_everyFeatureProcessesThePushAfterRestart() throws Exception {
    Digest image;
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      // an index with something committed in it, so that the restart does not rebuild it from the registry anyway
      pushImage(client, "warmupseq", "0.9");
      Await.until(Duration.ofMinutes(2), "search to find the first image",
          () -> json(client.get("/api/v1/search?q=warmupseq")).path("total").asInt() == 1);
      image = pushImage(client, "crashproofseq", "1.0");
      arca.kill();
    }
    try (ArcaProcess arca = ArcaProcess.start(dataDir, List.of("-Xmx256m"), Map.of())) {
      OciClient client = new OciClient(arca.url());
      Await.until(Duration.ofMinutes(2), "search to find the image pushed before the crash",
          () -> json(client.get("/api/v1/search?q=crashproofseq")).path("total").asInt() == 1);
      Await.until(Duration.ofMinutes(3), "the SIF conversion of " + image, () -> {
        for (JsonNode conversion : json(client.get("/api/v1/sif/conversions?repository=" + REPO))) {
          if (image.toString().equals(conversion.path("digest").asText())) {
            return "done".equals(conversion.path("state").asText());
          }
        }
        return false;
      });
      // read from the table, not the provenance API, which could work it out on request
      Await.until(Duration.ofMinutes(1), "provenance rows of " + image, () -> provenanceRows(image) > 0);
    }
  }

  /** Pushes a convertible image (a real gzipped tar layer) with a label search indexes and provenance annotations. */
  private static Digest pushImage(OciClient client, String software, String tag) throws IOException {
    byte[] tar = tar("opt/" + software + "/README", "a tool that must survive a crash\n");
    byte[] layer = gzip(tar);
    ObjectNode config = OciJson.MAPPER.createObjectNode().put("architecture", "amd64").put("os", "linux");
    config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(Digest.sha256(tar).toString());
    config.putObject("config").putObject("Labels").put("software", software);
    byte[] configBytes = OciJson.bytes(config);
    client.pushBlob(REPO, layer);
    client.pushBlob(REPO, configBytes);
    byte[] manifest = TestImages.manifest(MediaTypes.OCI_MANIFEST,
        TestImages.descriptor(MediaTypes.OCI_CONFIG, configBytes),
        List.of(TestImages.descriptor(MediaTypes.OCI_LAYER_GZIP, layer)), null, null,
        TestImages.annotations("org.opencontainers.image.source", "https://github.com/octo/" + software,
            "org.opencontainers.image.revision", "0123456789abcdef0123456789abcdef01234567",
            "org.opencontainers.image.base.name", "docker.io/library/debian:bookworm",
            "org.opencontainers.image.base.digest",
            Digest.sha256("debian:bookworm".getBytes(StandardCharsets.UTF_8)).toString()));
    return client.pushManifest(REPO, tag, manifest, MediaTypes.OCI_MANIFEST);
  }

  private int provenanceRows(Digest image) {
    // the server's database is H2 with AUTO_SERVER, so a second process may connect while it runs
    String url = "jdbc:h2:file:" + dataDir.resolve("db/arca") + ";AUTO_SERVER=TRUE";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM provenance_record WHERE subject = ?")) {
      s.setString(1, image.toString());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new AssertionError("read provenance_record", e);
    }
  }

  private static byte[] tar(String path, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry entry = new TarArchiveEntry(path);
      entry.setSize(bytes.length);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(bytes);
      tar.closeArchiveEntry();
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static JsonNode json(OciClient.Response response) {
    try {
      return OciJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.toString(), e);
    }
  }
}
